package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	nethttp "net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	flexhttp "github.com/flexgo/flexgo/adapters/http"
	"github.com/flexgo/flexgo/core"
)

func newServer(t *testing.T, cfg core.Config, register func(*core.Service)) *httptest.Server {
	t.Helper()
	svc := core.NewService(core.WithConfig(cfg), core.WithLogger(slog.New(slog.DiscardHandler)))
	register(svc)
	srv := httptest.NewServer(flexhttp.Handler(svc))
	t.Cleanup(srv.Close)
	return srv
}

func post(t *testing.T, url, body string) (*nethttp.Response, map[string]any) {
	t.Helper()
	resp, err := nethttp.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%d: not a JSON object: %q", resp.StatusCode, raw)
	}
	return resp, m
}

func TestBodyAtAndOverTheLimit(t *testing.T) {
	const limit = 1024
	srv := newServer(t, core.Config{BodyLimit: limit}, func(svc *core.Service) {
		svc.ServiceObject("books").OnInsert(func(_ context.Context, r *core.DataRequest, c *core.Completion) {
			c.SetBody(map[string]int{"bytes": len(r.Body)}).Created().Done()
		})
	})
	body := func(n int) string { // a JSON object of exactly n bytes
		return `{"a":"` + strings.Repeat("x", n-8) + `"}`
	}
	resp, m := post(t, srv.URL+"/books", body(limit))
	if resp.StatusCode != 201 || m["bytes"] != float64(limit) {
		t.Fatalf("at the limit: %d %v", resp.StatusCode, m)
	}
	resp, m = post(t, srv.URL+"/books", body(limit+1))
	if resp.StatusCode != 413 || m["error"] != "EntityTooLarge" {
		t.Fatalf("one over: %d %v", resp.StatusCode, m)
	}
}

func TestHandlerFaults(t *testing.T) {
	const budget = 300 * time.Millisecond
	srv := newServer(t, core.Config{Timeout: budget}, func(svc *core.Service) {
		svc.Function("panic", func(context.Context, *core.FunctionContext, *core.Completion) { panic("no") })
		svc.Function("hang", func(context.Context, *core.FunctionContext, *core.Completion) {})
		svc.Function("twice", func(_ context.Context, _ *core.FunctionContext, c *core.Completion) {
			c.SetBody("first").Done()
			c.SetBody("second").Done()
		})
		svc.Function("late", func(ctx context.Context, _ *core.FunctionContext, c *core.Completion) {
			<-ctx.Done()
			c.SetBody("late").Done()
		})
	})
	tests := []struct {
		name   string
		status int
		check  func(map[string]any) bool
	}{
		{"panic", 500, func(m map[string]any) bool { return m["error"] == "FlexRuntimeError" }},
		{"hang", 500, func(m map[string]any) bool { return m["error"] == "BLTimeoutError" }},
		{"twice", 200, func(m map[string]any) bool {
			return m["response"].(map[string]any)["body"] == "first"
		}},
		{"late", 500, func(m map[string]any) bool { return m["error"] == "BLTimeoutError" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			resp, m := post(t, srv.URL+"/_flexFunctions/"+tt.name, "{}")
			elapsed := time.Since(start)
			if resp.StatusCode != tt.status || !tt.check(m) {
				t.Fatalf("%d %v", resp.StatusCode, m)
			}
			// The bound: the answer within the budget plus 100 ms.
			if elapsed > budget+100*time.Millisecond {
				t.Fatalf("answered after %s, budget %s", elapsed, budget)
			}
		})
	}
}

func TestClientDisconnectCancelsHandler(t *testing.T) {
	cancelled := make(chan struct{})
	started := make(chan struct{})
	srv := newServer(t, core.Config{}, func(svc *core.Service) {
		svc.Function("wait", func(ctx context.Context, _ *core.FunctionContext, _ *core.Completion) {
			close(started)
			<-ctx.Done()
			close(cancelled)
		})
	})
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := nethttp.NewRequestWithContext(ctx, "POST", srv.URL+"/_flexFunctions/wait", strings.NewReader("{}"))
	req.Header.Set("Content-Type", "application/json")
	done := make(chan error, 1)
	go func() {
		resp, err := nethttp.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	<-started
	cancel()
	if err := <-done; err == nil {
		t.Fatal("the request did not fail after its cancellation")
	}
	select {
	case <-cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("the handler's context was not cancelled when the client went away")
	}
	nethttp.DefaultClient.CloseIdleConnections()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Fatalf("goroutines left behind: %d before, %d after", before, n)
	}
}

func TestServerTimeoutsAndHeaderLimits(t *testing.T) {
	svc := core.NewService(core.WithLogger(slog.New(slog.DiscardHandler)))
	srv := flexhttp.NewServer(svc)
	if srv.ReadHeaderTimeout == 0 || srv.ReadTimeout == 0 || srv.WriteTimeout == 0 || srv.IdleTimeout == 0 || srv.MaxHeaderBytes == 0 {
		t.Fatalf("a server timeout is unset: %+v", srv)
	}
	srv.ReadHeaderTimeout = 200 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- flexhttp.ServeServer(ctx, srv, svc, ln) }()
	t.Cleanup(func() { cancel(); <-done })

	// Slow headers: the server hangs up.
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = conn.Write([]byte("GET /healthcheck HTTP/1.1\r\nHost: x\r\n"))
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf, _ := io.ReadAll(conn)
	if bytes.Contains(buf, []byte("200 OK")) {
		t.Fatalf("slow headers were served: %q", buf)
	}

	// Oversized headers and a malformed path: net/http refuses them before any handler; the
	// answers still come as JSON Kinvey errors.
	req, _ := nethttp.NewRequest("GET", "http://"+ln.Addr().String()+"/healthcheck", nil)
	req.Header.Set("X-Big", strings.Repeat("x", flexhttp.MaxHeaderBytes+4096))
	resp, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != nethttp.StatusRequestHeaderFieldsTooLarge || !json.Valid(raw) ||
		!strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("oversized headers: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), raw)
	}
	bad, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	_, _ = bad.Write([]byte("GET /books/%ZZ HTTP/1.1\r\nHost: x\r\n\r\n"))
	_ = bad.SetReadDeadline(time.Now().Add(5 * time.Second))
	answer, _ := io.ReadAll(bad)
	if !bytes.HasPrefix(answer, []byte("HTTP/1.1 400")) || !bytes.Contains(answer, []byte(`"error":"BadRequest"`)) ||
		!bytes.Contains(answer, []byte("application/json")) {
		t.Fatalf("malformed path: %q", answer)
	}
}
