package core

import (
	"context"
	"net/http"
	"sync/atomic"
)

// Middleware wraps the handling of every routed request: each FlexData, FlexFunctions and
// FlexAuth request that passed the shared secret, on every adapter alike. It is given the next
// step and returns its own, as net/http middleware wraps an http.Handler:
//
//	func Log(next core.Next) core.Next {
//		return func(ctx context.Context, call *core.Call, answer func(core.Outcome)) {
//			start := time.Now()
//			next(ctx, call, func(o core.Outcome) {
//				call.Task.Logger().Info("answered", "handler", call.Name, "status", o.Status, "took", time.Since(start))
//				answer(o)
//			})
//		}
//	}
//
// A middleware may derive the context it passes on (the handler's context is made from it, so
// values and spans reach the handler), may answer instead of calling next (answer(call.Fail(err))),
// and sees every answer on its way out. Requests refused before routing (a bad path, an unknown
// route, a body that cannot be read), refused for the shared secret, the health check and
// discovery do not reach middleware.
type Middleware func(next Next) Next

// Next handles a routed request: the rest of the middleware, then the handler under its timeout
// budget. answer is called exactly once with how the request was answered, possibly on another
// goroutine (the one that called Done, or a timer's when the budget ran out) and possibly before
// Next returns; a middleware passes it on, or another Outcome, exactly once.
type Next func(ctx context.Context, call *Call, answer func(Outcome))

// Call is a routed request as middleware sees it.
type Call struct {
	// Task is the request's task: its Type ("data", "functions" or "auth"), RequestID, AppID,
	// ObjectName, HookType, Username and UserID, and the modules its handler gets.
	Task *Task
	// Name is the service object, FlexFunctions handler or FlexAuth handler the request is for.
	Name string
	// Event is the FlexData event; "" for functions and auth requests.
	Event Event
	// Header holds the headers of the HTTP request as the platform passed it on (traceparent,
	// X-Cloud-Trace-Context, Kinvey's X-Kinvey-* headers): read them, do not change them.
	Header http.Header

	t *flexTask
}

// Fail returns the Outcome that answers the call with e instead of its handler, in the shape the
// core answers an error before a handler runs (for a functions request, inside its
// {request, response} body).
func (c *Call) Fail(e *Error) Outcome {
	resp := c.t.fail(e)
	return Outcome{Status: resp.Status, Error: e.Kind, Cause: CauseMiddleware, resp: resp}
}

// Outcome is how a routed request was answered.
type Outcome struct {
	// Status is the answer's HTTP status.
	Status int
	// Error is the Kinvey error the answer carries (for FlexAuth, the OAuth error: access_denied,
	// server_error, temporarily_unavailable); "" when it carries none.
	Error ErrorKind
	// Cause says who answered.
	Cause Cause

	resp *Response
}

// Cause says who answered a request.
type Cause int

// The causes of an answer.
const (
	CauseHandler    Cause = iota // the handler completed (Done or Next)
	CausePanic                   // the handler panicked: 500 FlexRuntimeError
	CauseTimeout                 // the timeout budget ran out first: 500 BLTimeoutError
	CauseCallerGone              // the caller went away first (the answer is never read)
	CauseMiddleware              // a middleware answered (Call.Fail)
)

// String names the cause as logs and metrics do.
func (c Cause) String() string {
	switch c {
	case CauseHandler:
		return "handler"
	case CausePanic:
		return "panic"
	case CauseTimeout:
		return "timeout"
	case CauseCallerGone:
		return "caller_gone"
	case CauseMiddleware:
		return "middleware"
	}
	return "unknown"
}

// Use adds middleware, the first given outermost. Add it before serving.
func (s *Service) Use(mw ...Middleware) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.middleware = append(s.middleware, mw...)
	next := Next(func(ctx context.Context, call *Call, answer func(Outcome)) {
		call.t.answer = answer
		s.run(ctx, call.t)
	})
	for i := len(s.middleware) - 1; i >= 0; i-- {
		next = s.middleware[i](next)
	}
	s.chain = next
}

// WithMiddleware adds middleware to a new service, as [Service.Use] does.
func WithMiddleware(mw ...Middleware) Option {
	return func(s *Service) { s.pendingMiddleware = append(s.pendingMiddleware, mw...) }
}

// onceAnswer lets the first answer of a middleware chain through: a middleware that answers twice
// must not answer the caller twice.
type onceAnswer struct{ done atomic.Bool }

func (o *onceAnswer) first() bool { return o.done.CompareAndSwap(false, true) }

// WorkMiddleware wraps work started with [Task.Go] or [Service.Go]: it is given the work's name
// and function, and returns the function to run in its place (which calls work, once). The
// context the work gets carries the values of the request that started it (its span, say).
type WorkMiddleware func(name string, work func(ctx context.Context)) func(ctx context.Context)

// UseWork adds middleware around background work, the first given outermost. Add it before
// serving.
func (s *Service) UseWork(mw ...WorkMiddleware) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.workMiddleware = append(s.workMiddleware, mw...)
}

// wrapWork puts fn inside the work middleware.
func (s *Service) wrapWork(name string, fn func(context.Context)) func(context.Context) {
	s.mu.RLock()
	mws := s.workMiddleware
	s.mu.RUnlock()
	for i := len(mws) - 1; i >= 0; i-- {
		fn = mws[i](name, fn)
	}
	return fn
}
