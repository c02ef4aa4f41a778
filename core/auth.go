package core

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/flexgo/flexgo/internal/js"
)

// AuthHandler handles a FlexAuth call.
type AuthHandler func(ctx context.Context, req *AuthRequest, c *AuthCompletion)

// AuthRequest is what a FlexAuth handler receives: the Node SDK's `context`.
type AuthRequest struct {
	*Task
	// Method is the HTTP method (POST).
	Method string
	// Headers are the client's original request headers as Kinvey sent them.
	Headers json.RawMessage
	// Credentials are the username and password to check.
	Credentials Credentials
	// Options is what the client sent beside the credentials, if anything.
	Options json.RawMessage
	// Body is {username, password, options} exactly as received, for values that are not strings.
	Body json.RawMessage
}

// Credentials are what a FlexAuth request asks to check: the username and password the client
// gave ("" when absent or not strings). They are not the request's user (Task.Username, from
// X-Kinvey-Username), who is usually anonymous at login.
type Credentials struct {
	Username string
	Password string
}

// AuthCompletion is the FlexAuth answer builder: the Node SDK's auth `complete()`. The body starts
// as {"token": {}, "authenticated": false}; OK marks it authenticated; the error methods replace
// it with an OAuth-style error and the status 401. Finish with Done or Next (for FlexAuth they
// are the same). Exactly one counts.
type AuthCompletion struct {
	t      *flexTask
	body   js.Object
	status int
}

func newAuthCompletion(t *flexTask) *AuthCompletion {
	return &AuthCompletion{t: t, body: js.Object{{Key: "token", Val: js.EmptyObjectValue}, {Key: "authenticated", Val: false}}}
}

// SetToken sets the token the body carries; nil leaves it.
func (c *AuthCompletion) SetToken(token any) *AuthCompletion {
	if js.Truthy(token) {
		c.body = c.body.Set("token", token)
	}
	return c
}

// AddAttribute adds a member to the body.
func (c *AuthCompletion) AddAttribute(key string, value any) *AuthCompletion {
	if value == nil {
		value = js.Null
	}
	c.body = c.body.Set(key, value)
	return c
}

// RemoveAttribute removes a member of the body.
func (c *AuthCompletion) RemoveAttribute(key string) *AuthCompletion {
	c.body = c.body.Remove(key)
	return c
}

// OK sets the status to 200 and marks the body authenticated.
func (c *AuthCompletion) OK() *AuthCompletion {
	c.status = http.StatusOK
	c.body = c.body.Set("authenticated", true)
	return c
}

// ServerError answers 401 {"error": "server_error", "error_description": debug}.
func (c *AuthCompletion) ServerError(debug ...any) *AuthCompletion {
	return c.fail("server_error", debug)
}

// AccessDenied answers 401 {"error": "access_denied", "error_description": debug}.
func (c *AuthCompletion) AccessDenied(debug ...any) *AuthCompletion {
	return c.fail("access_denied", debug)
}

// TemporarilyUnavailable answers 401 {"error": "temporarily_unavailable", "error_description": debug}.
func (c *AuthCompletion) TemporarilyUnavailable(debug ...any) *AuthCompletion {
	return c.fail("temporarily_unavailable", debug)
}

// NotImplemented answers 401 server_error "The request invoked a method that is not implemented".
func (c *AuthCompletion) NotImplemented() *AuthCompletion {
	c.status = http.StatusUnauthorized
	c.t.errorKind = "server_error"
	c.body = js.Object{{Key: "error", Val: "server_error"}, {Key: "error_description", Val: "The request invoked a method that is not implemented"}}
	return c
}

func (c *AuthCompletion) fail(name string, debug []any) *AuthCompletion {
	c.status = http.StatusUnauthorized
	c.t.errorKind = ErrorKind(name)
	var description any
	if len(debug) > 0 && js.Truthy(debug[0]) {
		description = normalizeDebug(debug[0])
	}
	c.body = js.Object{{Key: "error", Val: name}, {Key: "error_description", Val: description}}
	return c
}

// Done finishes the request with the body and status built.
func (c *AuthCompletion) Done() { c.t.completeAuth(c) }

// Next is Done: FlexAuth has nothing to go on to.
func (c *AuthCompletion) Next() { c.t.completeAuth(c) }

// authNotImplemented is the reference's notImplementedHandler, through the auth builder.
func authNotImplemented(_ context.Context, _ *AuthRequest, c *AuthCompletion) {
	c.NotImplemented().Done()
}

// prepareAuth gives the task its FlexAuth handler and request.
func (s *Service) prepareAuth(t *flexTask) {
	bodyRaw := js.Raw(t.body)
	t.authReq = &AuthRequest{
		Task:    &t.task,
		Method:  t.method,
		Headers: t.reqHeaders,
		Credentials: Credentials{
			Username: js.StringOr(js.Field(bodyRaw, "username"), ""),
			Password: js.StringOr(js.Field(bodyRaw, "password"), ""),
		},
		Options: js.Field(bodyRaw, "options"),
		Body:    bodyRaw,
	}
	t.authComp = newAuthCompletion(t)
	t.onAuth = s.auth(t.route.Name)
	if t.onAuth == nil {
		t.onAuth = authNotImplemented
	}
}
