package core

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A handler that ignores its budget holds ServeTo, but not its answer: the caller gets the
// timeout answer on time, marked so its connection is not reused, and ServeTo returns once the
// handler does.
func TestServeToAnswersWhileTheHandlerStillRuns(t *testing.T) {
	svc, _ := newTestService(t, Config{Timeout: 30 * time.Millisecond})
	release := make(chan struct{})
	svc.Function("stubborn", func(context.Context, *FunctionContext, *Completion) { <-release })
	answered := make(chan *Response, 1)
	returned := make(chan struct{})
	go func() {
		req := &Request{Method: "POST", Path: "/_flexFunctions/stubborn"}
		svc.ServeTo(context.Background(), req, func(resp *Response) { answered <- resp })
		close(returned)
	}()
	var resp *Response
	select {
	case resp = <-answered:
	case <-time.After(5 * time.Second):
		t.Fatal("no answer while the handler ran past its budget")
	}
	if resp.Status != 500 || !strings.Contains(string(resp.Body), "BLTimeoutError") {
		t.Fatalf("%d %s", resp.Status, resp.Body)
	}
	if !resp.HandlerRunning {
		t.Fatal("the timeout answer does not say the handler is still running (its connection must close)")
	}
	select {
	case <-returned:
		t.Fatal("ServeTo returned while its handler was still running")
	case <-time.After(20 * time.Millisecond):
	}
	close(release)
	select {
	case <-returned:
	case <-time.After(5 * time.Second):
		t.Fatal("ServeTo did not return after its handler did")
	}
}

// Serve does not wait for a handler that ignores its budget.
func TestServeReturnsWhileTheHandlerStillRuns(t *testing.T) {
	svc, _ := newTestService(t, Config{Timeout: 30 * time.Millisecond})
	release := make(chan struct{})
	defer close(release)
	svc.Function("stubborn", func(context.Context, *FunctionContext, *Completion) { <-release })
	resp, body := serve(t, svc, testRequest{method: "POST", path: "/_flexFunctions/stubborn", body: "{}"})
	requireKinveyError(t, resp, body, 500, "BLTimeoutError")
	if resp.Header.Get("Connection") != "" {
		t.Fatal("Serve's timeout answer needs no Connection header: its caller is free")
	}
}

// A handler that answers and goes on answers at once through ServeTo: respond runs inside Done.
func TestServeToRespondsInsideDone(t *testing.T) {
	svc, _ := newTestService(t, Config{})
	var inHandler bool
	answered := false
	svc.ServiceObject("books").OnGetAll(func(_ context.Context, _ *DataRequest, c *Completion) {
		c.OK().Done()
		inHandler = answered // respond has run by now
	})
	svc.ServeTo(context.Background(), &Request{Method: "GET", Path: "/books"}, func(*Response) { answered = true })
	if !inHandler {
		t.Fatal("respond had not run when Done returned")
	}
}
