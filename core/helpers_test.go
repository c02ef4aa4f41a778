package core

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// logBuffer collects a service's log lines, safe for concurrent writes.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func newTestService(t *testing.T, cfg Config) (*Service, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	svc := NewService(WithConfig(cfg), WithLogger(slog.New(NewLogHandler(logs, slog.LevelDebug))))
	return svc, logs
}

type testRequest struct {
	method, path, query string
	header              map[string]string
	body                string
	// inline serves through ServeTo (the handler on the caller's goroutine) instead of Serve.
	inline bool
}

// bothWays runs a test once through Serve and once through ServeTo.
func bothWays(t *testing.T, test func(t *testing.T, inline bool)) {
	t.Run("Serve", func(t *testing.T) { test(t, false) })
	t.Run("ServeTo", func(t *testing.T) { test(t, true) })
}

// serveTo is ServeTo with its promise checked: respond is called exactly once, before it returns.
func serveTo(ctx context.Context, t *testing.T, svc *Service, req *Request) *Response {
	t.Helper()
	var mu sync.Mutex
	var got []*Response
	svc.ServeTo(ctx, req, func(resp *Response) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, resp)
	})
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 {
		t.Fatalf("ServeTo called respond %d times before it returned, want once", len(got))
	}
	return got[0]
}

func serve(t *testing.T, svc *Service, tr testRequest) (*Response, map[string]any) {
	t.Helper()
	return serveCtx(context.Background(), t, svc, tr)
}

func serveCtx(ctx context.Context, t *testing.T, svc *Service, tr testRequest) (*Response, map[string]any) {
	t.Helper()
	h := http.Header{}
	for k, v := range tr.header {
		h.Set(k, v)
	}
	if tr.body != "" && h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json")
	}
	req := &Request{Method: tr.method, Path: tr.path, RawQuery: tr.query, Header: h, ContentLength: int64(len(tr.body))}
	if tr.body != "" {
		req.Body = strings.NewReader(tr.body)
	}
	var resp *Response
	if tr.inline {
		resp = serveTo(ctx, t, svc, req)
	} else {
		resp = svc.Serve(ctx, req)
	}
	var body map[string]any
	if len(resp.Body) > 0 && resp.Body[0] == '{' {
		if err := json.Unmarshal(resp.Body, &body); err != nil {
			t.Fatalf("answer is not JSON: %s", resp.Body)
		}
	}
	return resp, body
}

// requireKinveyError fails unless resp is a JSON Kinvey error with the status.
func requireKinveyError(t *testing.T, resp *Response, body map[string]any, status int, name string) {
	t.Helper()
	if resp.Status != status {
		t.Fatalf("status %d, want %d (%s)", resp.Status, status, resp.Body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("content type %q", ct)
	}
	if body["error"] != name || body["description"] == nil || body["debug"] == nil {
		t.Fatalf("not a %s Kinvey error: %s", name, resp.Body)
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
