package backend

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/internal/js"
)

// Error is a Kinvey error: the error a backend call answered (with its HTTP status), or one a
// client raised without calling (an argument check, a recursion guard), named as the Node SDK
// names it. Find it with errors.As:
//
//	var be *backend.Error
//	if errors.As(err, &be) && be.StatusCode == http.StatusNotFound { ... }
type Error struct {
	// StatusCode is the HTTP status of the backend's answer; 0 when the client refused the call
	// itself.
	StatusCode int
	// Name is the Kinvey error name: the "error" member of the backend's answer (such as
	// "EntityNotFound"; "" when it has none), or for errors the client raises the name the Node
	// SDK gives them ("DataStoreError", "UserStoreError", "GroupStoreError", "RoleStoreError",
	// "EndpointRunnerError", "EmailError", and "TypeError" for push's argument checks). It is
	// the message of the Node SDK's Error.
	Name string
	// Description is the "description" member of the answer, or the client's description
	// ("Bad Request", "Not Allowed", ...); for a TypeError, its message.
	Description string
	// Debug is the "debug" member of the answer, or the client's debug text. A member that is
	// not a string is given as its JSON text.
	Debug string
	// Body is the backend's answer: its JSON body, a JSON string holding the text of a body
	// that is not JSON, or nil when it was empty or the client raised the error.
	Body json.RawMessage
	// Err is the cause: ErrNotJSON when the answer's body was empty or not JSON; nil otherwise.
	Err error
}

// ErrNotJSON is the cause of an [Error] whose answer had an empty body or one that is not JSON.
var ErrNotJSON = errors.New("backend: the answer's body is not JSON")

// ErrUnexpectedAnswer is wrapped by the error of a call whose successful answer does not have
// the shape the call needs (a batch of a save without its entities and errors arrays).
var ErrUnexpectedAnswer = errors.New("backend: the answer does not have the expected shape")

var (
	errNotObject = errors.New("backend: not a JSON object")
	errNotArray  = errors.New("backend: not a JSON array")
)

// Error implements error: "backend: 404 EntityNotFound: <description> (<debug>)".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("backend: ")
	if e.StatusCode != 0 {
		b.WriteString(strconv.Itoa(e.StatusCode))
		if t := http.StatusText(e.StatusCode); t != "" && e.Name == "" {
			b.WriteString(" " + t)
		}
	}
	if e.Name != "" {
		if e.StatusCode != 0 {
			b.WriteByte(' ')
		}
		b.WriteString(e.Name)
	}
	if e.Description != "" {
		b.WriteString(": " + e.Description)
	}
	if e.Debug != "" {
		b.WriteString(" (" + e.Debug + ")")
	}
	if e.Err != nil && errors.Is(e.Err, ErrNotJSON) {
		if len(e.Body) == 0 {
			b.WriteString(": the answer's body is empty")
		} else {
			var text string
			_ = json.Unmarshal(e.Body, &text)
			b.WriteString(": the answer's body is not JSON: " + clip(text, 120))
		}
	}
	return b.String()
}

// Unwrap returns the cause, ErrNotJSON or nil.
func (e *Error) Unwrap() error { return e.Err }

// clientError is an error the client raises without calling, as the reference rejects with
// `new Error(name)` and its description and debug.
func clientError(name, description, debug string) *Error {
	return &Error{Name: name, Description: description, Debug: debug}
}

// answerError is the error of an answer the reference rejects: for the stores an
// `Error(body.error)` with the body's description and debug, for email and push the body itself;
// both read as the same three members.
func answerError(a answer) *Error {
	e := &Error{StatusCode: a.status, Body: a.result()}
	if !a.json {
		e.Err = ErrNotJSON
		return e
	}
	if name := js.Field(a.body, "error"); name != nil {
		e.Name = js.String(name)
	}
	e.Description = memberText(a.body, "description")
	e.Debug = memberText(a.body, "debug")
	return e
}

// memberText is a member of a JSON object as text: a string as it is, another value as its JSON
// text, "" when absent.
func memberText(raw []byte, key string) string {
	v := js.Field(raw, key)
	switch js.Kind(v) {
	case 0:
		return ""
	case '"':
		var s string
		_ = json.Unmarshal(v, &s)
		return s
	}
	return compactJSON(v)
}

func compactJSON(v []byte) string {
	var b bytes.Buffer
	if err := json.Compact(&b, v); err != nil {
		return string(v)
	}
	return b.String()
}

// clip shortens s to at most n bytes, on a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// KinveyError is what a handler answers with when it passes e on with core.Completion.Error: the
// error Kinvey answered, as it is (name, description, debug and status); for an error the client
// raised without calling (a handler's mistake), 550 FlexRuntimeError naming it.
func (e *Error) KinveyError() *core.Error {
	if e.StatusCode == 0 || e.Name == "" {
		return &core.Error{Kind: core.KindFlexRuntimeError, Debug: e.Error()}
	}
	return &core.Error{Kind: core.ErrorKind(e.Name), Description: e.Description, Debug: e.Debug, StatusCode: e.StatusCode}
}
