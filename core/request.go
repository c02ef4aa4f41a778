package core

import (
	"io"
	"net/http"
)

// Request is what an adapter hands the core: the parts of an HTTP request the Flex protocol reads.
// Adapters build it from whatever their platform receives (a net/http request, a Lambda event).
type Request struct {
	// Method is the HTTP method, in upper case.
	Method string
	// Path is the request path as it was sent, still percent-encoded ("/books/a%2Fb").
	Path string
	// RawQuery is the query string without the "?", still encoded.
	RawQuery string
	// Header holds the request headers, with keys in canonical form (as http.Header.Add and Set
	// make them; net/http does so for every request). Content-Length and Transfer-Encoding need
	// not be set: ContentLength says what they would.
	Header http.Header
	// Body is the request body; nil means no body. The core reads at most the configured limit
	// and one byte more.
	Body io.Reader
	// ContentLength is the declared body length, -1 when unknown (chunked), 0 when there is none.
	ContentLength int64
}

// Response is the core's answer. Body is always JSON (empty for HEAD). Header is shared between
// answers: read it, copy it, but do not modify it.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// HandlerRunning says the answer left while the handler was still running on the goroutine
	// that called ServeTo (its budget ran out): an HTTP adapter closes the connection, which
	// cannot serve another request until the handler returns.
	HandlerRunning bool
}

// jsonHeader is the header of every JSON answer. It is shared, so Response.Header must be treated
// as read-only (adapters copy it out); code that adds a header clones it first.
var jsonHeader = http.Header{"Content-Type": {"application/json; charset=utf-8"}}

// jsonResponse is a JSON answer.
func jsonResponse(status int, body []byte) *Response {
	return &Response{Status: status, Header: jsonHeader, Body: body}
}
