package core

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/flexgo/flexgo/internal/express"
	"github.com/flexgo/flexgo/internal/js"
)

// This file is the one way through the core. A request is read and routed (prepare), authorised
// once, turned into the reference's task, then handed through the middleware to its handler,
// which runs under its timeout budget and is answered exactly once (invoke). ServeTo and Serve
// differ only in who waits: ServeTo runs the handler on the caller's goroutine, Serve on a
// goroutine of the service's pool, so that it can return when the budget runs out even if the
// handler never does.

// ServeTo answers one Flex request. It never panics and always answers with JSON: the handler's
// answer, or a Kinvey error. ctx is the platform's request context: its deadline bounds the
// timeout budget, and its cancellation (the caller went away) cancels the handler's context.
//
// The handler runs on the calling goroutine, and respond is called exactly once, always before
// ServeTo returns: on the calling goroutine, on the goroutine that calls Done, or, when the
// timeout budget runs out first, on a timer's goroutine while the handler is still running (the
// Response then says HandlerRunning); ServeTo returns once the handler has.
//
// A net/http handler answers this way (it writes and flushes its ResponseWriter in respond); the
// net/http and Cloud Functions adapters do. An adapter that must return its answer within the
// budget whatever the handler does (Lambda's) uses [Service.Serve].
func (s *Service) ServeTo(ctx context.Context, r *Request, respond func(*Response)) {
	t, resp := s.prepare(ctx, r)
	if t == nil {
		respond(finish(r, resp))
		return
	}
	t.req, t.respond = r, respond
	s.invoke(ctx, t)
}

// Serve answers one Flex request as [Service.ServeTo] does, but runs the handler on a goroutine
// of the service's own and returns the answer: when the budget runs out it returns even if the
// handler never does.
func (s *Service) Serve(ctx context.Context, r *Request) *Response {
	t, resp := s.prepare(ctx, r)
	if t == nil {
		return finish(r, resp)
	}
	answer := make(chan *Response, 1)
	t.req, t.respond = r, func(resp *Response) { answer <- resp }
	s.pool.Go(func() { s.invoke(ctx, t) })
	return <-answer
}

var healthyBody = []byte(`{"healthy":true}`)

// unauthorizedBody is the reference's answer to a data or auth request without the shared secret.
var unauthorizedBody, _ = unauthorizedError.AppendJSON(nil)

// prepare reads, routes and authorises r, and builds its task; or answers r when no handler
// should run.
func (s *Service) prepare(ctx context.Context, r *Request) (*flexTask, *Response) {
	if r.Header == nil {
		r.Header = http.Header{}
	}
	body, berr := express.ReadBody(r.Header, r.ContentLength, r.Body, s.cfg.BodyLimit)
	if berr != nil {
		return nil, bodyError(berr).Response()
	}
	m := express.Find(r.Method, r.Path)
	switch {
	case m.BadPath != "":
		return nil, (&Error{Kind: KindBadRequest, Debug: fmt.Sprintf("Failed to decode param '%s'", m.BadPath)}).Response()
	case !m.Found && r.Method == http.MethodOptions && m.Allow != "":
		resp := jsonResponse(http.StatusOK, []byte(`"`+m.Allow+`"`))
		resp.Header = resp.Header.Clone()
		resp.Header.Set("Allow", m.Allow)
		return nil, resp
	case !m.Found:
		return nil, (&Error{
			Kind:        KindNotFound,
			Description: "The requested route does not exist in this Flex service",
			Debug:       fmt.Sprintf("Cannot %s %s", r.Method, r.Path),
		}).Response()
	}

	switch m.Route.Kind {
	case express.Health:
		return nil, jsonResponse(http.StatusOK, healthyBody)
	case express.Discover:
		if s.cfg.RequireSecretForDiscovery {
			if ok, kerr := s.authorize(ctx, r.Header); kerr != nil {
				return nil, kerr.Response()
			} else if !ok {
				return nil, jsonResponse(http.StatusUnauthorized, unauthorizedBody)
			}
		}
		out, _ := js.Marshal(s.Discover())
		return nil, jsonResponse(http.StatusOK, out)
	}

	authorized, kerr := s.authorize(ctx, r.Header)
	if kerr != nil {
		return nil, kerr.Response()
	}
	// The reference answers a data or auth request without the key with a fixed body: no task
	// needed. A functions request's answer carries its task ({request, response}).
	if !authorized && m.Route.Kind != express.Function {
		return nil, jsonResponse(http.StatusUnauthorized, unauthorizedBody)
	}
	t, kerr := s.newTask(r, body, m.Route)
	if kerr != nil {
		return nil, kerr.Response()
	}
	if !authorized {
		return nil, t.unauthorized()
	}
	var resp *Response
	switch m.Route.Kind {
	case express.Function:
		resp = s.prepareFunction(t)
	case express.Auth:
		s.prepareAuth(t)
	default:
		resp = s.prepareData(t)
	}
	if resp != nil {
		return nil, resp
	}
	return t, nil
}

// bodyError is the Kinvey error for a body body-parser refuses.
func bodyError(e *express.BodyError) *Error {
	kind := KindBadRequest
	switch e.Reason {
	case express.TooLarge:
		kind = KindEntityTooLarge
	case express.Unsupported:
		kind = KindUnsupportedMedia
	}
	return &Error{Kind: kind, Debug: e.Debug}
}

// authorize reports whether the request carries a shared secret, or none is required. It fails
// only while secrets read from a SecretSource have never been read: the request is then answered
// 503, and the next one tries again.
func (s *Service) authorize(ctx context.Context, h http.Header) (bool, *Error) {
	var deadline time.Time
	if s.keys.lazy() {
		deadline = s.budget.Deadline(ctx, time.Now())
	}
	ok, err := s.keys.matches(ctx, header(h, "X-Auth-Key"), deadline)
	if err != nil {
		s.log.ErrorContext(ctx, "The shared secret could not be read from its secret store; the request is answered 503 and the next one tries again",
			"error", err.Error(), "requestId", header(h, "X-Kinvey-Request-Id"))
		return false, &Error{Kind: KindRetry, Debug: "The shared secret could not be read from the secret store"}
	}
	return ok, nil
}

// invoke hands the task through the middleware, if any, to its handler.
func (s *Service) invoke(ctx context.Context, t *flexTask) {
	if s.chain == nil {
		s.run(ctx, t)
		return
	}
	t.view = Call{Task: &t.task, Name: t.route.Name, Event: t.dataReq.Event, Header: t.req.Header, t: t}
	t.task.ctx = ctx
	s.chain(ctx, &t.view, func(o Outcome) {
		if t.answered.first() {
			t.respond(finish(t.req, o.resp))
		}
	})
}

// run runs t's handler on the calling goroutine under its timeout budget, and returns once the
// handler has returned and the call was answered.
func (s *Service) run(ctx context.Context, t *flexTask) {
	t.call.Start(t, ctx, s.budget.Deadline(ctx, time.Now()), &s.timers)
	defer t.call.Finish(&s.timers)
	hctx := t.call.Context()
	t.task.ctx = hctx
	t.execute(hctx)
	t.call.Wait(t, ctx)
}
