package core

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// Serve answers one Flex request. It never panics and always returns a JSON answer: the
// handler's, or a Kinvey error. ctx is the platform's request context: its deadline bounds the
// timeout budget, and its cancellation (the caller went away) cancels the handler's context.
//
// The handler runs on a goroutine of the service's own, so Serve returns when the budget runs
// out even if the handler never does. Adapters that can answer from another goroutine use
// [Service.ServeTo], which spares that goroutine switch.
func (s *Service) Serve(ctx context.Context, r *Request) *Response {
	resp, inv := s.serve(ctx, r)
	if inv != nil {
		resp = s.await(ctx, inv)
	}
	return finish(r, resp)
}

// ServeTo answers one Flex request as [Service.Serve] does, but runs the handler on the calling
// goroutine and hands the answer to respond instead of returning it. respond is called exactly
// once, always before ServeTo returns: on the calling goroutine, or on the goroutine that calls
// Done, or, when the timeout budget runs out first, on a timer's goroutine while the handler is
// still running. In that last case the answer carries "Connection: close" (the connection cannot
// serve another request until the handler returns) and ServeTo returns once the handler has.
//
// A net/http handler can answer this way (write and flush its ResponseWriter in respond); the
// net/http and Cloud Functions adapters do. An adapter that must return its answer (Lambda's)
// uses Serve.
func (s *Service) ServeTo(ctx context.Context, r *Request, respond func(*Response)) {
	resp, inv := s.serve(ctx, r)
	if inv == nil {
		respond(finish(r, resp))
		return
	}
	s.runInline(ctx, inv, r, respond)
}

// finish applies what the receiver does to every answer on its way out: 304 to a fresh
// If-None-Match, no body for HEAD.
func finish(r *Request, resp *Response) *Response {
	if notModified(r, resp) {
		return &Response{Status: http.StatusNotModified, Header: http.Header{}}
	}
	if r.Method == http.MethodHead {
		resp.Body = nil
	}
	return resp
}

// invocation is a handler call that serve has prepared: the task and the handler bound to its
// completion builder.
type invocation struct {
	t   *flexTask
	run func(context.Context)
}

var healthyBody = []byte(`{"healthy":true}`)

// unauthorizedBody is the reference's answer to a data or auth request without the shared secret.
var unauthorizedBody, _ = appendJS(nil, unauthorizedError)

// serve routes r and answers it, or returns the handler invocation that will.
func (s *Service) serve(ctx context.Context, r *Request) (*Response, *invocation) {
	if r.Header == nil {
		r.Header = http.Header{}
	}
	body, kerr := readBody(r, s.cfg.BodyLimit)
	if kerr != nil {
		return errorResponse(kerr), nil
	}
	rr := matchRoute(r.Method, r.Path)
	switch {
	case rr.badPath != "":
		return errorResponse(&Error{Kind: KindBadRequest, Debug: fmt.Sprintf("Failed to decode param '%s'", rr.badPath)}), nil
	case !rr.found && r.Method == http.MethodOptions && rr.allow != "":
		resp := jsonResponse(http.StatusOK, []byte(`"`+rr.allow+`"`))
		resp.Header = resp.Header.Clone()
		resp.Header.Set("Allow", rr.allow)
		return resp, nil
	case !rr.found:
		return errorResponse(&Error{
			Kind:        KindNotFound,
			Description: "The requested route does not exist in this Flex service",
			Debug:       fmt.Sprintf("Cannot %s %s", r.Method, r.Path),
		}), nil
	}

	switch rr.route.kind {
	case routeHealth:
		return jsonResponse(http.StatusOK, healthyBody), nil
	case routeDiscover:
		if s.cfg.RequireSecretForDiscovery {
			if ok, kerr := s.authorize(ctx, r.Header); kerr != nil {
				return errorResponse(kerr), nil
			} else if !ok {
				return jsonResponse(http.StatusUnauthorized, unauthorizedBody), nil
			}
		}
		out, _ := marshalJS(s.Discover())
		return jsonResponse(http.StatusOK, out), nil
	}

	authorized, kerr := s.authorize(ctx, r.Header)
	if kerr != nil {
		return errorResponse(kerr), nil
	}
	// The reference answers a data or auth request without the key with a fixed body: no task
	// needed. A functions request's answer carries its task ({request, response}).
	if !authorized && rr.route.kind != routeFunction {
		return jsonResponse(http.StatusUnauthorized, unauthorizedBody), nil
	}
	t, kerr := s.newTask(r, body.raw, rr.route)
	if kerr != nil {
		return errorResponse(kerr), nil
	}
	if !authorized {
		return t.unauthorized(), nil
	}
	switch t.kind {
	case routeFunction:
		return s.serveFunction(t)
	case routeAuth:
		return s.serveAuth(t)
	}
	return s.serveData(t)
}

// authorize reports whether the request carries a shared secret, or none is required. It fails
// only while secrets read from a SecretSource have never been read: the request is then answered
// 503, and the next one tries again.
func (s *Service) authorize(ctx context.Context, h http.Header) (bool, *Error) {
	if !s.keys.lazy() {
		ok, _ := s.keys.matches(ctx, header(h, "X-Auth-Key"))
		return ok, nil
	}
	ctx, cancel := context.WithDeadline(ctx, s.budget.deadline(ctx, time.Now()))
	defer cancel()
	ok, err := s.keys.matches(ctx, header(h, "X-Auth-Key"))
	if err != nil {
		s.log.ErrorContext(ctx, "The shared secret could not be read from its secret store; the request is answered 503 and the next one tries again",
			"error", err.Error(), "requestId", header(h, "X-Kinvey-Request-Id"))
		return false, &Error{Kind: KindRetry, Debug: "The shared secret could not be read from the secret store"}
	}
	return ok, nil
}

func (s *Service) serveData(t *flexTask) (*Response, *invocation) {
	query, _ := t.query.(map[string]any)
	// data.js: `request.body = JSON.parse(request.body)`, kept when it throws. Only an array can
	// change here: ["{\"a\":1}"] becomes {"a":1} and [5] becomes 5, as String(array) reads.
	if parsed, ok := jsonParse(t.body); ok {
		t.body = parsed
	}
	bodyRaw := toRaw(t.body)
	event := dataEvent(t.route, t.method, query, bodyRaw)
	if event == "" { // HEAD reaches the GET routes, but data.js knows no HEAD operation
		return t.fail(&Error{Kind: KindBadRequest, Debug: "Cannot determine data operation"}), nil
	}
	req := &t.dataReq
	*req = DataRequest{
		Task:              t.pub,
		Method:            t.method,
		ServiceObjectName: t.name,
		EntityID:          t.route.id,
		HasEntityID:       t.route.hasID,
		Query:             query,
		Body:              bodyRaw,
		Headers:           t.reqHeaders,
	}
	var h DataHandler
	if so := s.object(t.name); so != nil {
		h = so.handler(event)
	}
	c := t.completion()
	return nil, t.invocation(func(ctx context.Context) {
		if h == nil {
			notImplemented(ctx, c)
			return
		}
		h(ctx, req, c)
	})
}

func (s *Service) serveFunction(t *flexTask) (*Response, *invocation) {
	fc, kerr := t.functionContext()
	if kerr != nil {
		return t.fail(kerr), nil
	}
	h := s.function(t.name)
	c := t.completion()
	return nil, t.invocation(func(ctx context.Context) {
		if h == nil {
			notImplemented(ctx, c)
			return
		}
		h(ctx, fc, c)
	})
}

func (s *Service) serveAuth(t *flexTask) (*Response, *invocation) {
	bodyRaw := toRaw(t.body)
	req := &AuthRequest{
		Task:     t.pub,
		Method:   t.method,
		Headers:  t.reqHeaders,
		Username: stringOr(rawField(bodyRaw, "username"), ""),
		Password: stringOr(rawField(bodyRaw, "password"), ""),
		Options:  rawField(bodyRaw, "options"),
		Body:     bodyRaw,
	}
	h := s.auth(t.name)
	c := newAuthCompletion(t)
	return nil, t.invocation(func(ctx context.Context) {
		if h == nil {
			authNotImplemented(ctx, c)
			return
		}
		h(ctx, req, c)
	})
}

// completion is the task's data/functions builder.
func (t *flexTask) completion() *Completion {
	t.comp = Completion{t: t}
	return &t.comp
}

// invocation is the task's handler call: run with the handler's context.
func (t *flexTask) invocation(run func(context.Context)) *invocation {
	t.inv = invocation{t: t, run: run}
	return &t.inv
}
