package gcf

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flexgo/flexgo/core"
)

func TestHandlerHoldsTheAnswerUntilTheRequestsWorkEnds(t *testing.T) {
	var logs bytes.Buffer
	svc := core.NewService(core.WithLogger(slog.New(NewLogHandler(&logs, slog.LevelInfo, "proj"))))
	var workDone atomic.Bool
	svc.Function("later", func(ctx context.Context, fc *core.FunctionContext, c *core.Completion) {
		fc.Logger().Info("accepted")
		c.Accepted().Done()
		fc.Go("slow", func(context.Context) {
			time.Sleep(100 * time.Millisecond)
			workDone.Store(true)
		})
	})
	req := httptest.NewRequest("POST", "/_flexFunctions/later", strings.NewReader("{}"))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Cloud-Trace-Context", "abc123/1;o=1")
	rec := httptest.NewRecorder()
	Handler(svc)(rec, req)
	if rec.Code != http.StatusAccepted {
		t.Fatalf("status %d", rec.Code)
	}
	if !workDone.Load() {
		t.Fatal("the answer left before the request's background work ended")
	}
	var line map[string]any
	if err := json.Unmarshal([]byte(strings.SplitN(logs.String(), "\n", 2)[0]), &line); err != nil {
		t.Fatalf("log line: %v: %s", err, logs.String())
	}
	if line["severity"] != "INFO" || line["message"] != "accepted" ||
		line["logging.googleapis.com/trace"] != "projects/proj/traces/abc123" {
		t.Fatalf("log line: %v", line)
	}
}

func TestSeverities(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(NewLogHandler(&logs, slog.LevelDebug, ""))
	log.Debug("d")
	log.Warn("w")
	log.Error("e")
	log.Log(context.Background(), core.LevelFatal, "f")
	want := `{"severity":"DEBUG","message":"d"}
{"severity":"WARNING","message":"w"}
{"severity":"ERROR","message":"e"}
{"severity":"CRITICAL","message":"f"}
`
	if logs.String() != want {
		t.Fatalf("got\n%s", logs.String())
	}
}

func TestTraceFrom(t *testing.T) {
	for _, tt := range []struct{ header, value, want string }{
		{"X-Cloud-Trace-Context", "105445aa7843bc8bf206b12000100000/1;o=1", "105445aa7843bc8bf206b12000100000"},
		{"Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "4bf92f3577b34da6a3ce929d0e0e4736"},
		{"Traceparent", "garbage", ""},
	} {
		h := http.Header{}
		h.Set(tt.header, tt.value)
		if got := traceFrom(h); got != tt.want {
			t.Errorf("%s %q: %q", tt.header, tt.value, got)
		}
	}
}

func TestConfigErrorHandler(t *testing.T) {
	rec := httptest.NewRecorder()
	ConfigErrorHandler(errors.New("FLEX_PORT must be between 1 and 65535"))(rec, httptest.NewRequest("GET", "/books", nil))
	var body map[string]any
	if rec.Code != 500 || json.Unmarshal(rec.Body.Bytes(), &body) != nil || !strings.Contains(body["debug"].(string), "FLEX_PORT") {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
}

func BenchmarkHandler(b *testing.B) {
	svc := core.NewService(core.WithLogger(slog.New(slog.DiscardHandler)))
	svc.ServiceObject("books").OnGetByID(func(_ context.Context, r *core.DataRequest, c *core.Completion) {
		c.SetBody(map[string]string{"_id": r.EntityID}).OK().Next()
	})
	h := Handler(svc)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h(rec, httptest.NewRequest("GET", "/books/42", nil))
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}
