package core

import (
	"errors"
	"fmt"
	"net/http"
)

// ErrorKind names a Kinvey error the core answers with. Only the core maps a kind to its HTTP
// status and description, so handlers and adapters speak in kinds.
type ErrorKind string

// The kinds of error the core answers with, by their Kinvey error names.
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
)

// kindInfo is the status and description of a kind. The descriptions of the kinds the reference
// answers in JSON are the reference's, letter for letter; the others are ours, in its style.
var kindInfo = map[ErrorKind]struct {
	status      int
	description string
}{
	KindBadRequest:         {http.StatusBadRequest, "Unable to understand the request"},
	KindNotFound:           {http.StatusNotFound, "The requested entity or entites were not found in the collection"},
	KindInvalidCredentials: {http.StatusUnauthorized, "Invalid credentials.  Please retry your request with correct credentials."},
	KindForbidden:          {http.StatusForbidden, "The request is forbidden"},
	KindNotAllowed:         {http.StatusMethodNotAllowed, "The request is not allowed"},
	KindNotImplemented:     {http.StatusNotImplemented, "The request invoked a method that is not implemented"},
	KindFlexRuntimeError:   {550, "The Flex Service had a runtime error.  See debug message for details"},
	KindTimeout:            {http.StatusInternalServerError, "The Business Logic script did not complete. See debug message for details."},
	KindEntityTooLarge:     {http.StatusRequestEntityTooLarge, "The request body is larger than the service accepts"},
	KindUnsupportedMedia:   {http.StatusUnsupportedMediaType, "The request body's encoding or character set is not supported"},
	KindInternalError:      {http.StatusInternalServerError, "Bad Request: An Internal Error occurred"},
	KindRetry:              {http.StatusServiceUnavailable, "The Flex service cannot serve the request right now. Please retry your request."},
}

// Status returns the HTTP status the core answers a kind with (550 for an unknown kind).
func (k ErrorKind) Status() int {
	if info, ok := kindInfo[k]; ok {
		return info.status
	}
	return 550
}

// Description returns the Kinvey description of a kind.
func (k ErrorKind) Description() string {
	if info, ok := kindInfo[k]; ok {
		return info.description
	}
	return kindInfo[KindFlexRuntimeError].description
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

// MarshalJSON writes the Kinvey error shape.
func (e *Error) MarshalJSON() ([]byte, error) {
	debug := e.Debug
	if debug == nil {
		debug = emptyObject
	}
	return marshalJS(struct {
		Error       ErrorKind `json:"error"`
		Description string    `json:"description"`
		Debug       any       `json:"debug"`
	}{e.Kind, e.description(), debug})
}

// Response is the answer that carries e: its status, and e's JSON as the body.
func (e *Error) Response() *Response { return errorResponse(e) }

// ConfigError is the error every request is answered with when the service could not be
// configured (an invalid FLEX_* variable, say): 500 FlexRuntimeError, "The Flex service is
// misconfigured", with err's text as the debug. Adapters answer with it rather than crash, so the
// deploy shows the reason; err's text must hold no secret (the configuration's errors never do).
func ConfigError(err error) *Error {
	return &Error{Kind: KindFlexRuntimeError, Description: "The Flex service is misconfigured",
		Debug: err.Error(), StatusCode: http.StatusInternalServerError}
}

// errorResponse is the answer for a Kinvey error.
func errorResponse(e *Error) *Response {
	body, err := e.MarshalJSON()
	if err != nil { // a debug value that cannot be encoded; keep the answer
		body, _ = (&Error{Kind: e.Kind, Description: e.Description, StatusCode: e.StatusCode}).MarshalJSON()
	}
	return jsonResponse(e.Status(), body)
}

// asKinveyError finds a *Error in err's chain.
func asKinveyError(err error) (*Error, bool) {
	var ke *Error
	ok := errors.As(err, &ke)
	return ke, ok
}

// normalizeDebug is the reference's normalizeError: an error becomes {name, message} (without the
// stack the reference sends: stacks go to the log, never to the caller).
func normalizeDebug(v any) any {
	if err, ok := v.(error); ok {
		if ke, ok := asKinveyError(err); ok {
			return ke
		}
		return map[string]string{"name": "Error", "message": err.Error()}
	}
	return v
}

// pickDebug is `normalizeError(debug) || normalizeError(result.body) || {}`.
func pickDebug(debug []any, body any) any {
	if len(debug) > 0 && truthy(debug[0]) {
		return normalizeDebug(debug[0])
	}
	if truthy(body) {
		return normalizeDebug(body)
	}
	return emptyObject
}
