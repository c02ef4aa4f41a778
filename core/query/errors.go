package query

import "github.com/flexgo/flexgo/core"

// Error is the Node SDK's QueryError: what Query methods throw when an
// argument is rejected. Debug is the message Node puts in err.debug (for
// example "You must supply a number or string."); Description is Node's
// err.description.
type Error struct {
	Debug       string
	Description string
}

func newError(debug string) *Error {
	return &Error{Debug: debug, Description: "An error occurred on the query."}
}

// Error returns "QueryError: " followed by Debug.
func (e *Error) Error() string { return "QueryError: " + e.Debug }

// JSError is an exception other than QueryError that the Node code raises
// (through sift, RegExp or the JavaScript runtime): Name is the constructor
// name ("TypeError", "SyntaxError", "RangeError", "Error") and Message the
// message V8 gives, as closely as the package can reproduce it.
type JSError struct {
	Name    string
	Message string
}

// Error returns "Name: Message", as String(err) does in JavaScript.
func (e *JSError) Error() string { return e.Name + ": " + e.Message }

// UnsupportedError reports something Node evaluates that this package does not
// (see the package documentation for the list), for example a regular
// expression using lookaround, which Go's regexp package cannot express.
type UnsupportedError struct {
	What string
}

// Error describes the unsupported feature.
func (e *UnsupportedError) Error() string { return "query: not supported: " + e.What }

func typeError(msg string) *JSError { return &JSError{Name: "TypeError", Message: msg} }

// KinveyError is what a handler answers with when it passes e on with core.Completion.Error: 400
// BadRequest, with the QueryError's description and debug (a query built from what the client
// sent is refused because of what it sent).
func (e *Error) KinveyError() *core.Error {
	return &core.Error{Kind: core.KindBadRequest, Description: e.Description, Debug: e.Debug}
}
