package lambda

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/flexgo/flexgo/core"
)

var (
	//go:embed testdata/v2.json
	v2Fixture []byte
	//go:embed testdata/v1.json
	v1Fixture []byte
	//go:embed testdata/alb.json
	albFixture []byte
)

func testService() *core.Service {
	svc := core.NewService(core.WithConfig(core.Config{SharedSecret: "k"}), core.WithLogger(slog.New(slog.DiscardHandler)))
	books := svc.ServiceObject("books")
	books.OnGetByID(func(_ context.Context, r *core.DataRequest, c *core.Completion) {
		c.SetBody(map[string]any{"id": r.EntityID, "query": r.Query, "cookie": r.Task.RequestID}).OK().Next()
	})
	books.OnGetByQuery(func(_ context.Context, r *core.DataRequest, c *core.Completion) {
		c.SetBody(map[string]any{"query": r.Query}).OK().Next()
	})
	books.OnInsert(func(_ context.Context, r *core.DataRequest, c *core.Completion) {
		c.SetBody(r.Body).Created().Next()
	})
	return svc
}

func TestEventShapes(t *testing.T) {
	h := NewHandler(testService())
	tests := []struct {
		name    string
		payload []byte
		shape   Shape
		status  int
		body    string
		check   func(t *testing.T, raw map[string]any)
	}{
		{"function URL keeps the encoded id and the raw query", v2Fixture, ShapeV2, 200,
			`{"cookie":"","id":"a/b","query":{"query":"{\"a\":1}","x":["1","2"]}}`, nil},
		{"REST API: stage stripped, base64 body", v1Fixture, ShapeV1, 201, `{"title":"Dune"}`,
			func(t *testing.T, raw map[string]any) {
				if _, ok := raw["multiValueHeaders"]; !ok {
					t.Error("v1 answer lacks multiValueHeaders")
				}
			}},
		{"ALB multi-value: query as sent, multi-value answer", albFixture, ShapeALB, 200,
			`{"query":{"query":"{\"a\":1}"}}`, func(t *testing.T, raw map[string]any) {
				if raw["statusDescription"] != "200 OK" || raw["multiValueHeaders"] == nil {
					t.Errorf("ALB answer: %v", raw)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detect(tt.payload); got != tt.shape {
				t.Fatalf("detected %v, want %v", got, tt.shape)
			}
			out, err := h.Invoke(context.Background(), tt.payload)
			if err != nil {
				t.Fatal(err)
			}
			var raw map[string]any
			if err := json.Unmarshal(out, &raw); err != nil {
				t.Fatal(err)
			}
			if int(raw["statusCode"].(float64)) != tt.status || raw["body"] != tt.body {
				t.Fatalf("%v %v", raw["statusCode"], raw["body"])
			}
			if tt.check != nil {
				tt.check(t, raw)
			}
		})
	}
}

func TestUnknownEventIsAnError(t *testing.T) {
	_, err := NewHandler(testService()).Invoke(context.Background(), []byte(`{"Records":[]}`))
	if err == nil {
		t.Fatal("an S3 event was served")
	}
	pinned := NewHandler(testService(), WithShape(ShapeALB))
	if _, err := pinned.Invoke(context.Background(), v2Fixture); err != nil {
		t.Fatalf("a pinned shape refused an event: %v", err)
	}
}

func TestEscapeDecodedPath(t *testing.T) {
	for in, want := range map[string]string{
		"/books/a%2Fb":  "/books/a%2Fb",
		"/books/a b":    "/books/a%20b",
		"/books/100%":   "/books/100%25",
		"/books/é":      "/books/%C3%A9",
		"/books/a?b#c":  "/books/a%3Fb%23c",
		"/books/plain1": "/books/plain1",
	} {
		if got := escapeDecodedPath(in); got != want {
			t.Errorf("escapeDecodedPath(%q) = %q, want %q", in, got, want)
		}
	}
	if got := stripStage("/prod/books", "prod"); got != "/books" {
		t.Errorf("stripStage: %q", got)
	}
	if got := stripStage("/production/books", "prod"); got != "/production/books" {
		t.Errorf("stripStage took a longer segment: %q", got)
	}
}

func FuzzInvoke(f *testing.F) {
	for _, seed := range [][]byte{v2Fixture, v1Fixture, albFixture, []byte(`{}`), []byte(`{"version":"2.0"}`)} {
		f.Add(seed)
	}
	h := NewHandler(testService())
	f.Fuzz(func(t *testing.T, payload []byte) {
		out, err := h.Invoke(context.Background(), payload)
		if err != nil {
			return // not an event of ours: Lambda reports the error
		}
		var raw struct {
			StatusCode int    `json:"statusCode"`
			Body       string `json:"body"`
		}
		if json.Unmarshal(out, &raw) != nil || raw.StatusCode < 200 || raw.StatusCode > 599 {
			t.Fatalf("bad answer %q", out)
		}
		if raw.Body != "" && !json.Valid([]byte(raw.Body)) && !strings.HasPrefix(raw.Body, "\"") {
			t.Fatalf("body is not JSON: %q", raw.Body)
		}
	})
}

// benchInvoke measures an event through the adapter ("event": decode, serve, encode), and the
// same request served by the core alone ("core"), so the adapter's own cost is the difference of
// the two, in one run.
func benchInvoke(b *testing.B, payload []byte) {
	svc := testService()
	h := NewHandler(svc)
	ctx := context.Background()
	b.Run("event", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := h.Invoke(ctx, payload); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("core", func(b *testing.B) {
		ev, err := map[Shape]func([]byte) (event, error){ShapeV2: decodeV2, ShapeV1: decodeV1, ShapeALB: decodeALB}[detect(payload)](payload)
		if err != nil {
			b.Fatal(err)
		}
		req := *ev.request()
		body, _ := io.ReadAll(req.Body)
		b.ReportAllocs()
		for b.Loop() {
			r := req
			r.Body = bytes.NewReader(body)
			if resp := svc.Serve(ctx, &r); resp.Status >= 500 {
				b.Fatalf("%d %s", resp.Status, resp.Body)
			}
		}
	})
}

func BenchmarkInvokeV2(b *testing.B)  { benchInvoke(b, v2Fixture) }
func BenchmarkInvokeV1(b *testing.B)  { benchInvoke(b, v1Fixture) }
func BenchmarkInvokeALB(b *testing.B) { benchInvoke(b, albFixture) }
