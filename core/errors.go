package core

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/flexgo/flexgo/internal/js"
)

// ErrorKind names a Kinvey error: the "error" member of the error body (BadRequest, NotFound,
// BLTimeoutError, ...). The kinds below are the ones flexgo answers with; any other name (a
// Kinvey backend error a handler passes on, say) is a kind too, answered with the status its
// Error carries.
type ErrorKind string

// The kinds flexgo answers with, by their Kinvey error names.
const (
	KindBadRequest         ErrorKind = "BadRequest"
	KindNotFound           ErrorKind = "NotFound"
	KindInvalidCredentials ErrorKind = "InvalidCredentials"
	KindForbidden          ErrorKind = "Forbidden"
	KindNotAllowed         ErrorKind = "NotAllowed"
	KindNotImplemented     ErrorKind = "NotImplemented"
	KindFlexRuntimeError   ErrorKind = "FlexRuntimeError"
	KindTimeout            ErrorKind = "BLTimeoutError"
	KindEntityTooLarge     ErrorKind = "EntityTooLarge"
	KindUnsupportedMedia   ErrorKind = "UnsupportedMediaType"
	KindInternalError      ErrorKind = "InternalError"
	KindRetry              ErrorKind = "KinveyInternalErrorRetry" // try again shortly: 503
	KindHeadersTooLarge    ErrorKind = "RequestHeaderFieldsTooLarge"
)

// kindInfo is a kind's row of the one table of Kinvey errors: its status and its descriptions.
// The Node SDK words some descriptions twice: once in its receiver (kinvey-code-task-runner,
// for the errors it answers before a handler runs) and once in complete()'s builder methods
// (kinvey-flex-sdk); both are the reference's letter for letter. The kinds the reference never
// answers in JSON have descriptions of flexgo's, in its style.
type kindInfo struct {
	status      int
	description string // the receiver's
	builder     string // complete()'s, where it differs
}

var kinds = map[ErrorKind]kindInfo{
	KindBadRequest:         {http.StatusBadRequest, "Unable to understand the request", "Unable to understand request"},
	KindNotFound:           {http.StatusNotFound, "The requested entity or entites were not found in the collection", "The requested entity or entities were not found in the serviceObject"},
	KindInvalidCredentials: {http.StatusUnauthorized, "Invalid credentials.  Please retry your request with correct credentials.", "Invalid credentials. Please retry your request with correct credentials"},
	KindForbidden:          {http.StatusForbidden, "The request is forbidden", ""},
	KindNotAllowed:         {http.StatusMethodNotAllowed, "The request is not allowed", ""},
	KindNotImplemented:     {http.StatusNotImplemented, "The request invoked a method that is not implemented", ""},
	KindFlexRuntimeError:   {550, "The Flex Service had a runtime error.  See debug message for details", ""},
	KindTimeout:            {http.StatusInternalServerError, "The Business Logic script did not complete. See debug message for details.", ""},
	KindEntityTooLarge:     {http.StatusRequestEntityTooLarge, "The request body is larger than the service accepts", ""},
	KindUnsupportedMedia:   {http.StatusUnsupportedMediaType, "The request body's encoding or character set is not supported", ""},
	KindInternalError:      {http.StatusInternalServerError, "Bad Request: An Internal Error occurred", ""},
	KindRetry:              {http.StatusServiceUnavailable, "The Flex service cannot serve the request right now. Please retry your request.", ""},
	KindHeadersTooLarge:    {http.StatusRequestHeaderFieldsTooLarge, "The request's headers are larger than the service accepts", ""},
}

// Status returns the HTTP status of a kind (550, FlexRuntimeError's, for a kind not in the table).
func (k ErrorKind) Status() int {
	if info, ok := kinds[k]; ok {
		return info.status
	}
	return kinds[KindFlexRuntimeError].status
}

// Description returns the Kinvey description of a kind.
func (k ErrorKind) Description() string {
	if info, ok := kinds[k]; ok {
		return info.description
	}
	return kinds[KindFlexRuntimeError].description
}

// builderDescription is the description complete()'s builder methods give a kind.
func (k ErrorKind) builderDescription() string {
	if info := kinds[k]; info.builder != "" {
		return info.builder
	}
	return k.Description()
}

// Error is a Kinvey error: the JSON body `{"error", "description", "debug"}` that Kinvey and its
// client SDKs understand, and the kind that decides its status.
type Error struct {
	Kind        ErrorKind
	Description string // the kind's description when empty
	Debug       any    // a string or any JSON value; {} when nil
	// StatusCode, when not zero, overrides the kind's status.
	StatusCode int
}

// NewError returns an Error of kind with a debug message.
func NewError(kind ErrorKind, debug string) *Error {
	return &Error{Kind: kind, Debug: debug}
}

// Error implements error.
func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s (%v)", e.Kind, e.description(), e.Debug)
}

// Status is the HTTP status of the error.
func (e *Error) Status() int {
	if e.StatusCode != 0 {
		return e.StatusCode
	}
	return e.Kind.Status()
}

func (e *Error) description() string {
	if e.Description != "" {
		return e.Description
	}
	return e.Kind.Description()
}

// AppendJSON writes the Kinvey error shape.
func (e *Error) AppendJSON(dst []byte) ([]byte, error) {
	debug := e.Debug
	if debug == nil {
		debug = js.EmptyObject
	}
	return js.Object{{Key: "error", Val: string(e.Kind)}, {Key: "description", Val: e.description()}, {Key: "debug", Val: debug}}.AppendJSON(dst)
}

// MarshalJSON writes the Kinvey error shape.
func (e *Error) MarshalJSON() ([]byte, error) { return e.AppendJSON(nil) }

// Response is the answer that carries e: its status, and e's JSON as the body.
func (e *Error) Response() *Response {
	body, err := e.AppendJSON(make([]byte, 0, 160))
	if err != nil { // a debug value that cannot be encoded; keep the answer
		body, _ = (&Error{Kind: e.Kind, Description: e.Description, StatusCode: e.StatusCode}).AppendJSON(nil)
	}
	return jsonResponse(e.Status(), body)
}

// ConfigError is the error every request is answered with when the service could not be
// configured (an invalid FLEX_* variable, say): 500 FlexRuntimeError, "The Flex service is
// misconfigured", with err's text as the debug. Adapters answer with it rather than crash, so the
// deploy shows the reason; err's text must hold no secret (the configuration's errors never do).
func ConfigError(err error) *Error {
	return &Error{Kind: KindFlexRuntimeError, Description: "The Flex service is misconfigured",
		Debug: err.Error(), StatusCode: http.StatusInternalServerError}
}

// KinveyErrorer is an error that knows which Kinvey error it is: core/backend's Error (the error
// Kinvey answered) and core/query's Error do. [Completion.Error] answers with it.
type KinveyErrorer interface {
	error
	KinveyError() *Error
}

// AsError finds the Kinvey error in err's chain: a *Error, or what a [KinveyErrorer] maps itself
// onto.
func AsError(err error) (*Error, bool) {
	var ke *Error
	if errors.As(err, &ke) {
		return ke, true
	}
	var ker KinveyErrorer
	if errors.As(err, &ker) {
		if ke := ker.KinveyError(); ke != nil {
			return ke, true
		}
	}
	return nil, false
}

// normalizeDebug is the reference's normalizeError: an error becomes {name, message} (without the
// stack the reference sends: stacks go to the log, never to the caller).
func normalizeDebug(v any) any {
	if err, ok := v.(error); ok {
		if ke, ok := AsError(err); ok {
			return ke
		}
		return map[string]string{"name": "Error", "message": err.Error()}
	}
	return v
}

// pickDebug is `normalizeError(debug) || normalizeError(result.body) || {}`.
func pickDebug(debug []any, body any) any {
	if len(debug) > 0 && js.Truthy(debug[0]) {
		return normalizeDebug(debug[0])
	}
	if js.Truthy(body) {
		return normalizeDebug(body)
	}
	return js.EmptyObject
}

// unauthorizedError is the reference's error for a missing or wrong X-Auth-Key.
var unauthorizedError = &Error{Kind: KindInvalidCredentials, Debug: "The Authorization Key was not valid or missing."}

// panicError is the answer to a handler that panicked: no panic text, no stack, only where to look.
func panicError(requestID string) *Error {
	debug := "The Flex handler panicked; its stack trace is in the service's log"
	if requestID != "" {
		debug += " under requestId " + requestID
	}
	// The reference answers a throwing handler with Express's 500 page: keep its status.
	return &Error{Kind: KindFlexRuntimeError, Debug: debug, StatusCode: http.StatusInternalServerError}
}

// timeoutError is the answer when the budget runs out before the handler completes.
var timeoutError = &Error{Kind: KindTimeout, Debug: "The Flex handler did not complete within its timeout budget"}

// callerGoneError is the (unread) answer when the caller went away first.
var callerGoneError = &Error{Kind: KindTimeout, Debug: "The request was cancelled by its caller"}
