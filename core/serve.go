package core

import (
	"context"
	"fmt"
	"net/http"
	"runtime/debug"
	"time"
)

// Serve answers one Flex request. It never panics and always returns a JSON answer: the
// handler's, or a Kinvey error. ctx is the platform's request context: its deadline bounds the
// timeout budget, and its cancellation (the caller went away) cancels the handler's context.
func (s *Service) Serve(ctx context.Context, r *Request) *Response {
	resp := s.serve(ctx, r)
	if notModified(r, resp) {
		return &Response{Status: http.StatusNotModified, Header: http.Header{}}
	}
	if r.Method == http.MethodHead {
		resp.Body = nil
	}
	return resp
}

var healthyBody = []byte(`{"healthy":true}`)

func (s *Service) serve(ctx context.Context, r *Request) *Response {
	if r.Header == nil {
		r.Header = http.Header{}
	}
	body, kerr := readBody(r, s.cfg.BodyLimit)
	if kerr != nil {
		return errorResponse(kerr)
	}
	rr := matchRoute(r.Method, r.Path)
	switch {
	case rr.badPath != "":
		return errorResponse(&Error{Kind: KindBadRequest, Debug: fmt.Sprintf("Failed to decode param '%s'", rr.badPath)})
	case !rr.found && r.Method == http.MethodOptions && rr.allow != "":
		resp := jsonResponse(http.StatusOK, []byte(`"`+rr.allow+`"`))
		resp.Header = resp.Header.Clone()
		resp.Header.Set("Allow", rr.allow)
		return resp
	case !rr.found:
		return errorResponse(&Error{
			Kind:        KindNotFound,
			Description: "The requested route does not exist in this Flex service",
			Debug:       fmt.Sprintf("Cannot %s %s", r.Method, r.Path),
		})
	}

	switch rr.route.kind {
	case routeHealth:
		return jsonResponse(http.StatusOK, healthyBody)
	case routeDiscover:
		if s.cfg.RequireSecretForDiscovery && !s.authorized(r.Header) {
			return errorResponse(&Error{Kind: KindInvalidCredentials, Debug: "The Authorization Key was not valid or missing."})
		}
		out, _ := marshalJS(s.Discover())
		return jsonResponse(http.StatusOK, out)
	}

	t, kerr := s.newTask(r, body.raw, rr.route)
	if kerr != nil {
		return errorResponse(kerr)
	}
	if !s.authorized(r.Header) {
		return t.unauthorized()
	}
	switch t.kind {
	case routeFunction:
		return s.serveFunction(ctx, t)
	case routeAuth:
		return s.serveAuth(ctx, t)
	}
	return s.serveData(ctx, t)
}

// authorized reports whether the request carries the shared secret, or none is required.
func (s *Service) authorized(h http.Header) bool {
	return !s.cfg.SharedSecret.IsSet() || s.secret.matches(header(h, "X-Auth-Key"))
}

func (s *Service) serveData(ctx context.Context, t *flexTask) *Response {
	query, _ := t.query.(map[string]any)
	// data.js: `request.body = JSON.parse(request.body)`, kept when it throws. Only an array can
	// change here: ["{\"a\":1}"] becomes {"a":1} and [5] becomes 5, as String(array) reads.
	if parsed, ok := jsonParse(t.body); ok {
		t.body = parsed
	}
	bodyRaw := toRaw(t.body)
	event := dataEvent(t.route, t.method, query, bodyRaw)
	if event == "" { // HEAD reaches the GET routes, but data.js knows no HEAD operation
		return t.fail(&Error{Kind: KindBadRequest, Debug: "Cannot determine data operation"})
	}
	req := &DataRequest{
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
	return s.invoke(ctx, t, func(ctx context.Context, c *Completion) {
		if h == nil {
			notImplemented(ctx, c)
			return
		}
		h(ctx, req, c)
	})
}

func (s *Service) serveFunction(ctx context.Context, t *flexTask) *Response {
	fc, kerr := t.functionContext()
	if kerr != nil {
		return t.fail(kerr)
	}
	h := s.function(t.name)
	return s.invoke(ctx, t, func(ctx context.Context, c *Completion) {
		if h == nil {
			notImplemented(ctx, c)
			return
		}
		h(ctx, fc, c)
	})
}

func (s *Service) serveAuth(ctx context.Context, t *flexTask) *Response {
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
	return s.invokeAuth(ctx, t, func(ctx context.Context, c *AuthCompletion) {
		if h == nil {
			authNotImplemented(ctx, c)
			return
		}
		h(ctx, req, c)
	})
}

func (s *Service) invoke(ctx context.Context, t *flexTask, run func(context.Context, *Completion)) *Response {
	c := &Completion{t: t}
	return s.await(ctx, t, func(ctx context.Context) { run(ctx, c) })
}

func (s *Service) invokeAuth(ctx context.Context, t *flexTask, run func(context.Context, *AuthCompletion)) *Response {
	c := newAuthCompletion(t)
	return s.await(ctx, t, func(ctx context.Context) { run(ctx, c) })
}

// await runs a handler in its own goroutine under the timeout budget and returns the first
// answer: the handler's, a panic's, or the budget's. When the budget runs out the caller's answer
// is committed first and only then is the handler's context cancelled (so a handler that reacts
// to the cancellation cannot slip in an answer); whatever it does later is logged and ignored.
func (s *Service) await(ctx context.Context, t *flexTask, run func(context.Context)) *Response {
	deadline := s.budget.deadline(ctx, time.Now())
	t.callData.answer = make(chan *Response, 1)
	t.call = &t.callData
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	hctx := &budgetContext{Context: cctx, deadline: deadline, call: t.call}
	t.pub.ctx = hctx
	// A work group waits for the handler too: work it starts after answering joins the group
	// while the group is still counting, never after a Wait has seen zero.
	group := workGroupFrom(ctx)
	if group != nil {
		group.wg.Add(1)
	}
	go func() {
		if group != nil {
			defer group.wg.Done()
		}
		defer func() {
			if p := recover(); p != nil {
				s.log.ErrorContext(hctx, "Flex handler panicked",
					"handler", t.name, "panic", fmt.Sprint(p), "stack", string(debug.Stack()),
					"requestId", t.pub.RequestID)
				if t.call.claim(callAnswered) {
					t.call.deliver(errorResponse(panicError(t.pub.RequestID)))
				}
			}
		}()
		run(hctx)
	}()

	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case resp := <-t.call.answer:
		return resp
	case <-timer.C:
		if t.call.claim(callTimedOut) {
			cancel()
			s.log.ErrorContext(hctx, "Flex handler did not complete within its timeout budget",
				"handler", t.name, "requestId", t.pub.RequestID)
			return errorResponse(&Error{Kind: KindTimeout, Debug: "The Flex handler did not complete within its timeout budget"})
		}
	case <-ctx.Done():
		if t.call.claim(callCancelled) {
			cancel()
			s.log.WarnContext(hctx, "The caller went away before the Flex handler completed",
				"handler", t.name, "requestId", t.pub.RequestID)
			return errorResponse(&Error{Kind: KindTimeout, Debug: "The request was cancelled by its caller"})
		}
	}
	return <-t.call.answer // the handler won the race
}
