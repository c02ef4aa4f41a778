package core

import (
	"context"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Benchmarks of the core's dispatch alone, per kind of request: what a request costs before any
// transport. Run: go test -run '^$' -bench . -benchmem ./core
func benchService(b *testing.B) *Service {
	b.Helper()
	svc := NewService(WithConfig(Config{SharedSecret: "s3cret"}), WithLogger(discardLogger()))
	books := svc.ServiceObject("books")
	books.OnGetByID(func(_ context.Context, r *DataRequest, c *Completion) {
		c.SetBody(map[string]string{"_id": r.EntityID, "title": "Dune"}).OK().Next()
	})
	books.OnInsert(func(_ context.Context, r *DataRequest, c *Completion) {
		c.SetBody(r.Body).Created().Next()
	})
	svc.Function("echo", func(_ context.Context, fc *FunctionContext, c *Completion) {
		c.SetBody(fc.Body).OK().Next()
	})
	svc.Auth("login", func(_ context.Context, r *AuthRequest, c *AuthCompletion) {
		c.SetToken(map[string]string{"access_token": "t-" + r.Credentials.Username}).OK().Done()
	})
	return svc
}

// benchServe measures one kind of request both ways the adapters dispatch: "inline" is
// ServeTo (the handler on the caller's goroutine: net/http, Cloud Functions), "pooled" is Serve
// (the handler on a pooled goroutine: Lambda, flextest).
func benchServe(b *testing.B, method, path, body string, header http.Header) {
	svc := benchService(b)
	ctx := context.Background()
	request := func() *Request {
		req := &Request{Method: method, Path: path, Header: header, ContentLength: int64(len(body))}
		if body != "" {
			req.Body = strings.NewReader(body)
		}
		return req
	}
	check := func(resp *Response) {
		if resp.Status >= 500 {
			b.Fatalf("%d %s", resp.Status, resp.Body)
		}
	}
	b.Run("inline", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			svc.ServeTo(ctx, request(), check)
		}
	})
	// As net/http calls it: the request's context is a cancelable one of its own, which the
	// handler's context registers with.
	b.Run("inline-cancelable", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			rctx, cancel := context.WithCancel(ctx)
			svc.ServeTo(rctx, request(), check)
			cancel()
		}
	})
	b.Run("pooled", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			check(svc.Serve(ctx, request()))
		}
	})
}

var (
	benchKey  = http.Header{"X-Auth-Key": {"s3cret"}}
	benchJSON = http.Header{"X-Auth-Key": {"s3cret"}, "Content-Type": {"application/json"}}
)

func BenchmarkDispatchGetByID(b *testing.B) { benchServe(b, "GET", "/books/42", "", benchKey) }

func BenchmarkDispatchInsert(b *testing.B) {
	benchServe(b, "POST", "/books", `{"title":"Dune","author":"Herbert","year":1965}`, benchJSON)
}

func BenchmarkDispatchFunction(b *testing.B) {
	benchServe(b, "POST", "/_flexFunctions/echo", `{"body":{"title":"Dune"},"hookType":"customEndpoint"}`, benchJSON)
}

func BenchmarkDispatchAuth(b *testing.B) {
	benchServe(b, "POST", "/_auth/login", `{"username":"ann","password":"pw"}`, benchJSON)
}

func BenchmarkDispatchUnauthorized(b *testing.B) {
	benchServe(b, "GET", "/books/42", "", http.Header{"X-Auth-Key": {"wrong"}})
}

// reportCPU reports the process's CPU time (user and system, every thread: the garbage collector
// included) per operation as cpu-ns/op, when the returned func runs at the end of the loop. On a
// shared machine the wall-clock ns/op also counts the time other processes held the CPUs; the
// CPU time is what this code itself cost.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
