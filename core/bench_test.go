package core

import (
	"context"
	"net/http"
	"strings"
	"testing"
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
		c.SetToken(map[string]string{"access_token": "t-" + r.Username}).OK().Done()
	})
	return svc
}

func benchServe(b *testing.B, method, path, body string, header http.Header) {
	svc := benchService(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := &Request{Method: method, Path: path, Header: header, ContentLength: int64(len(body))}
		if body != "" {
			req.Body = strings.NewReader(body)
		}
		resp := svc.Serve(ctx, req)
		if resp.Status >= 500 {
			b.Fatalf("%d %s", resp.Status, resp.Body)
		}
	}
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
