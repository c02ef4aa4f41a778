package core

import (
	"encoding/json"
	"net/http"

	"github.com/flexgo/flexgo/internal/js"
)

// Completion is the FlexData and FlexFunctions answer builder: the `complete()` of the Node SDK.
// Set a body and a status, then finish with Done (the request stops here) or Next (Kinvey goes
// on; for a pre hook, the body and query become the request's). Builder methods return the
// Completion so calls chain as in Node:
//
//	c.SetBody(book).OK().Next()
//	c.NotFound("no such book").Next()
//
// Exactly one Done or Next counts; later ones are logged and ignored. They may be called from
// any goroutine, and the handler may keep working after them.
type Completion struct {
	t         *flexTask
	body      any
	query     any
	status    int
	errorKind ErrorKind // of the error builder used last, for middleware
}

// SetBody sets the answer's body; nil leaves it as it is.
func (c *Completion) SetBody(body any) *Completion {
	if body != nil {
		c.body = body
	}
	return c
}

// SetQuery sets the query a pre hook hands on (with Next). Its "query" and "sort" members, when
// they are objects, are sent as JSON strings, as Kinvey expects them.
func (c *Completion) SetQuery(query any) *Completion {
	if query == nil {
		return c
	}
	c.query = stringifyQuery(query)
	return c
}

// OK sets the status to 200.
func (c *Completion) OK() *Completion { c.status = http.StatusOK; return c }

// Created sets the status to 201.
func (c *Completion) Created() *Completion { c.status = http.StatusCreated; return c }

// Accepted sets the status to 202.
func (c *Completion) Accepted() *Completion { c.status = http.StatusAccepted; return c }

// NotFound answers 404 NotFound. The debug value (a string, any JSON value, or an error) defaults
// to the body set so far, then to {}.
func (c *Completion) NotFound(debug ...any) *Completion { return c.fail(KindNotFound, debug) }

// BadRequest answers 400 BadRequest, with debug as for NotFound.
func (c *Completion) BadRequest(debug ...any) *Completion { return c.fail(KindBadRequest, debug) }

// Unauthorized answers 401 InvalidCredentials, with debug as for NotFound.
func (c *Completion) Unauthorized(debug ...any) *Completion {
	return c.fail(KindInvalidCredentials, debug)
}

// Forbidden answers 403 Forbidden, with debug as for NotFound.
func (c *Completion) Forbidden(debug ...any) *Completion { return c.fail(KindForbidden, debug) }

// NotAllowed answers 405 NotAllowed, with debug as for NotFound.
func (c *Completion) NotAllowed(debug ...any) *Completion { return c.fail(KindNotAllowed, debug) }

// NotImplemented answers 501 NotImplemented, with debug as for NotFound.
func (c *Completion) NotImplemented(debug ...any) *Completion {
	return c.fail(KindNotImplemented, debug)
}

// RuntimeError answers 550 FlexRuntimeError, with debug as for NotFound.
func (c *Completion) RuntimeError(debug ...any) *Completion {
	return c.fail(KindFlexRuntimeError, debug)
}

// Error answers with err's Kinvey error (a *Error in its chain, or what a [KinveyErrorer] such as
// backend.Error maps itself onto) as it is; with any other error as RuntimeError.
func (c *Completion) Error(err error) *Completion {
	if ke, ok := AsError(err); ok {
		c.status = ke.Status()
		c.body = ke
		c.errorKind = ke.Kind
		return c
	}
	return c.RuntimeError(err)
}

// fail sets the body and status of complete()'s error builders: the kind's status, and the
// description the builder gives it.
func (c *Completion) fail(kind ErrorKind, debug []any) *Completion {
	c.status = kind.Status()
	c.errorKind = kind
	c.body = js.Object{
		{Key: "error", Val: string(kind)},
		{Key: "description", Val: kind.builderDescription()},
		{Key: "debug", Val: pickDebug(debug, c.body)},
	}
	return c
}

// Done finishes the request: Kinvey answers the client with this body and status.
func (c *Completion) Done() { c.t.complete(c, false) }

// Next finishes the handler and lets Kinvey go on with the request (for a pre hook, with the body
// and query set here).
func (c *Completion) Next() { c.t.complete(c, true) }

// stringifyQuery is setQuery's treatment of a query: "query" and "sort" members that are objects
// become JSON strings.
func stringifyQuery(query any) any {
	raw, err := js.Marshal(query)
	if err != nil || js.Kind(raw) != '{' {
		return query
	}
	var out js.Object
	js.Each(raw, func(k string, v json.RawMessage) {
		if (k == "query" || k == "sort") && (js.Kind(v) == '{' || js.Kind(v) == '[') {
			out = append(out, js.Member{Key: k, Val: string(v)})
			return
		}
		out = append(out, js.Member{Key: k, Val: v})
	})
	return out
}
