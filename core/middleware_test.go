package core

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

type seenCall struct {
	name, typ, requestID string
	event                Event
	outcome              Outcome
}

// recorder is a middleware that records what it sees and puts a value in the handler's context.
type recorder struct {
	mu   sync.Mutex
	seen []seenCall
}

type ctxKey struct{}

func (r *recorder) middleware(next Next) Next {
	return func(ctx context.Context, call *Call, answer func(Outcome)) {
		ctx = context.WithValue(ctx, ctxKey{}, "from middleware")
		next(ctx, call, func(o Outcome) {
			r.mu.Lock()
			r.seen = append(r.seen, seenCall{call.Name, call.Task.Type, call.Task.RequestID, call.Event, o})
			r.mu.Unlock()
			answer(o)
		})
	}
}

func (r *recorder) last(t *testing.T) seenCall {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.seen) == 0 {
		t.Fatal("the middleware saw nothing")
	}
	return r.seen[len(r.seen)-1]
}

func TestMiddlewareSeesEveryRoutedRequest(t *testing.T) {
	bothWays(t, func(t *testing.T, inline bool) {
		rec := &recorder{}
		svc, _ := newTestService(t, Config{SharedSecret: "s", Timeout: 50 * time.Millisecond})
		svc.Use(rec.middleware)
		books := svc.ServiceObject("books")
		books.OnGetByID(func(ctx context.Context, r *DataRequest, c *Completion) {
			if ctx.Value(ctxKey{}) != "from middleware" {
				c.RuntimeError("the middleware's context did not reach the handler").Done()
				return
			}
			if r.EntityID == "missing" {
				c.NotFound("no such book").Done()
				return
			}
			c.SetBody(map[string]string{"_id": r.EntityID}).OK().Done()
		})
		books.OnGetAll(func(context.Context, *DataRequest, *Completion) { panic("boom") })
		books.OnDeleteAll(func(context.Context, *DataRequest, *Completion) {}) // never completes
		svc.Auth("login", func(_ context.Context, _ *AuthRequest, c *AuthCompletion) { c.AccessDenied("no").Done() })
		key := map[string]string{"X-Auth-Key": "s", "X-Kinvey-Request-Id": "req-1"}
		for _, tt := range []struct {
			req              testRequest
			status           int
			name, typ        string
			event            Event
			errorKind        ErrorKind
			cause            Cause
			outcomeStatusArg int
		}{
			{testRequest{method: "GET", path: "/books/1"}, 200, "books", "data", EventGetByID, "", CauseHandler, 0},
			{testRequest{method: "GET", path: "/books/missing"}, 404, "books", "data", EventGetByID, KindNotFound, CauseHandler, 0},
			{testRequest{method: "GET", path: "/books"}, 500, "books", "data", EventGetAll, KindFlexRuntimeError, CausePanic, 0},
			{testRequest{method: "DELETE", path: "/books"}, 500, "books", "data", EventDeleteAll, KindTimeout, CauseTimeout, 0},
			{testRequest{method: "POST", path: "/_auth/login", body: "{}"}, 401, "login", "auth", "", "access_denied", CauseHandler, 0},
			{testRequest{method: "POST", path: "/_flexFunctions/none", body: "{}"}, 501, "none", "functions", "", KindNotImplemented, CauseHandler, 0},
		} {
			tt.req.header, tt.req.inline = key, inline
			resp, _ := serve(t, svc, tt.req)
			if resp.Status != tt.status {
				t.Fatalf("%s %s: %d %s", tt.req.method, tt.req.path, resp.Status, resp.Body)
			}
			got := rec.last(t)
			if got.name != tt.name || got.typ != tt.typ || got.event != tt.event || got.requestID != "req-1" ||
				got.outcome.Status != tt.status || got.outcome.Error != tt.errorKind || got.outcome.Cause != tt.cause {
				t.Errorf("%s %s: the middleware saw %+v", tt.req.method, tt.req.path, got)
			}
		}
		// Not routed, refused for the secret, the health check: not seen.
		n := len(rec.seen)
		serve(t, svc, testRequest{method: "GET", path: "/books/1", inline: inline})
		serve(t, svc, testRequest{method: "GET", path: "/healthcheck", inline: inline})
		serve(t, svc, testRequest{method: "PATCH", path: "/x", header: key, inline: inline})
		if len(rec.seen) != n {
			t.Errorf("the middleware saw %d requests it should not have", len(rec.seen)-n)
		}
	})
}

// A middleware that answers instead of the handler: a per-handler check.
func TestMiddlewareAnswersInstead(t *testing.T) {
	bothWays(t, func(t *testing.T, inline bool) {
		svc, _ := newTestService(t, Config{})
		ran := false
		svc.Function("admin", func(_ context.Context, _ *FunctionContext, c *Completion) { ran = true; c.OK().Done() })
		svc.ServiceObject("books").OnGetAll(func(_ context.Context, _ *DataRequest, c *Completion) { ran = true; c.OK().Done() })
		svc.Use(func(next Next) Next {
			return func(ctx context.Context, call *Call, answer func(Outcome)) {
				if call.Task.Username != "root" {
					answer(call.Fail(NewError(KindForbidden, "only root may call "+call.Name)))
					return
				}
				next(ctx, call, answer)
			}
		})
		resp, body := serve(t, svc, testRequest{method: "GET", path: "/books", inline: inline})
		requireKinveyError(t, resp, body, http.StatusForbidden, "Forbidden")
		resp, _ = serve(t, svc, testRequest{method: "POST", path: "/_flexFunctions/admin", body: "{}", inline: inline})
		var fn struct {
			Request  map[string]any `json:"request"`
			Response struct {
				Body       map[string]any `json:"body"`
				StatusCode int            `json:"statusCode"`
			} `json:"response"`
		}
		if err := json.Unmarshal(resp.Body, &fn); err != nil || resp.Status != 403 || fn.Request == nil ||
			fn.Response.Body["error"] != "Forbidden" || fn.Response.StatusCode != 403 {
			t.Fatalf("functions refusal not in the task's shape: %d %s", resp.Status, resp.Body)
		}
		if ran {
			t.Fatal("the handler ran although the middleware answered")
		}
		resp, _ = serve(t, svc, testRequest{method: "GET", path: "/books", inline: inline, header: map[string]string{"X-Kinvey-Username": "root"}})
		if resp.Status != 200 || !ran {
			t.Fatalf("root: %d", resp.Status)
		}
	})
}

// Middleware applied in order, outermost first; an answer given twice reaches the caller once.
func TestMiddlewareOrderAndOneAnswer(t *testing.T) {
	var order []string
	var mu sync.Mutex
	mark := func(s string) Middleware {
		return func(next Next) Next {
			return func(ctx context.Context, call *Call, answer func(Outcome)) {
				mu.Lock()
				order = append(order, s)
				mu.Unlock()
				next(ctx, call, answer)
			}
		}
	}
	twice := func(next Next) Next {
		return func(ctx context.Context, call *Call, answer func(Outcome)) {
			next(ctx, call, func(o Outcome) { answer(o); answer(o) })
		}
	}
	svc := NewService(WithLogger(discardLogger()), WithMiddleware(mark("outer"), mark("inner"), twice))
	svc.ServiceObject("books").OnGetAll(func(_ context.Context, _ *DataRequest, c *Completion) { c.OK().Done() })
	serveTo(context.Background(), t, svc, &Request{Method: "GET", Path: "/books", Header: http.Header{}})
	if strings.Join(order, ",") != "outer,inner" {
		t.Fatalf("order %v", order)
	}
}

func TestWorkMiddlewareWrapsTaskGo(t *testing.T) {
	svc, _ := newTestService(t, Config{})
	var mu sync.Mutex
	var seen []string
	svc.UseWork(func(name string, work func(context.Context)) func(context.Context) {
		return func(ctx context.Context) {
			mu.Lock()
			seen = append(seen, name+":"+fmt.Sprint(ctx.Value(ctxKey{})))
			mu.Unlock()
			work(ctx)
		}
	})
	ran := make(chan struct{})
	svc.Use(func(next Next) Next {
		return func(ctx context.Context, call *Call, answer func(Outcome)) {
			if call.Header.Get("X-Test") != "yes" {
				t.Errorf("the middleware does not see the request's headers: %v", call.Header)
			}
			next(context.WithValue(ctx, ctxKey{}, "request value"), call, answer)
		}
	})
	svc.Function("later", func(_ context.Context, fc *FunctionContext, c *Completion) {
		fc.Go("mail", func(context.Context) { close(ran) })
		c.OK().Done()
	})
	serve(t, svc, testRequest{method: "POST", path: "/_flexFunctions/later", body: "{}", header: map[string]string{"X-Test": "yes"}})
	<-ran
	if err := svc.WaitBackground(context.Background()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 1 || seen[0] != "mail:request value" {
		t.Fatalf("work middleware saw %v", seen)
	}
}
