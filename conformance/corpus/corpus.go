// Package corpus is flexgo's conformance corpus: a few hundred HTTP requests, and the tools to send
// them to the Node reference service (conformance/reference, on kinvey-flex-sdk@3.3.0) and to a Go
// twin of it (conformance/twin), and to compare the answers as shared/TWIN.md defines.
//
// The corpus is independent of how the twin is reached: [Send] sends a [Case] over HTTP, and an
// adapter test that reaches the twin some other way (an AWS Lambda event, a Cloud Functions
// request) converts each case itself, starting from [Case.NewRequest], and gives [Run] its own
// [Target].
//
// A typical test:
//
//	ref := corpus.ReferenceForTest(t, secret)
//	ours := corpus.GoServerForTest(t, "./conformance/twin/cmd/http", "FLEX_SHARED_SECRET="+secret)
//	report := corpus.Run(ctx, corpus.HTTPTarget(ref.URL), corpus.HTTPTarget(ours.URL), corpus.Cases(secret), corpus.Options{})
//	for _, r := range report.Mismatches() {
//		t.Error(r)
//	}
//
// NOTES.md, next to this file, records what the reference does with each kind of request, citing
// the Node code: it is the specification the corpus checks.
package corpus

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// BodyLimit is the reference's request body limit in bytes: body-parser's json limit as
// kinvey-code-task-runner sets it (httpReceiver.js:246).
const BodyLimit = 26214400

// Expect is the kind of answer the reference gives to a case. It decides how answers are compared.
type Expect int

const (
	// ExpectJSON: the reference answers with a JSON body. Ours must answer with the same status,
	// a JSON content type, an equal JSON value (key order aside) and the same
	// X-Kinvey-Request-Continue header.
	ExpectJSON Expect = iota

	// ExpectErrorPage: the reference answers with an Express error page (HTML, status 4xx or 5xx)
	// where the twin answers JSON. Ours must answer with the same status and a JSON Kinvey error
	// body, {"error":..., "description":..., "debug":...}, and nothing else.
	ExpectErrorPage

	// ExpectNoAnswer: the reference never answers (a handler that never completes). The reference
	// is not waited for longer than [Options.NoAnswerWait]; ours must answer in time with a JSON
	// Kinvey error and a status of at least 400.
	ExpectNoAnswer

	// ExpectEmpty: the reference answers with a status and no body (a HEAD request). Ours must
	// answer with the same status, the same continue header and no body.
	ExpectEmpty

	// ExpectText: the reference answers with a body that is neither JSON nor an error (Express's
	// automatic answer to OPTIONS: the allowed methods as text). Ours must answer with the same
	// status and the same body, byte for byte or as a JSON string of the same text.
	ExpectText
)

// String returns the constant's name without its prefix, as "JSON" or "ErrorPage".
func (e Expect) String() string {
	switch e {
	case ExpectJSON:
		return "JSON"
	case ExpectErrorPage:
		return "ErrorPage"
	case ExpectNoAnswer:
		return "NoAnswer"
	case ExpectEmpty:
		return "Empty"
	case ExpectText:
		return "Text"
	}
	return fmt.Sprintf("Expect(%d)", int(e))
}

// A Case is one request of the corpus and what kind of answer the reference gives to it.
type Case struct {
	// Name is unique in the corpus and reads "theme/what", as "data/get-by-id".
	Name string

	// Method is the HTTP method.
	Method string

	// Path is the request target exactly as sent: the raw path, which may hold %-escapes
	// (some of them invalid on purpose), then optionally "?" and the raw query string.
	Path string

	// Header holds the request's headers; a name may repeat on purpose. Names are canonical
	// except where a case sends another spelling on purpose (a lower-case X-Auth-Key), so read them
	// by ranging over the map rather than with Get. Host, Content-Length and User-Agent are the
	// client's.
	Header http.Header

	// Body is the request body, exactly as sent; it may be invalid JSON on purpose.
	Body []byte

	// Size, when greater than len(Body), is the length of the body sent: Body followed by spaces
	// up to Size bytes. The spaces are produced while sending (see [Case.BodyReader]), so that an
	// oversized case costs no memory.
	Size int64

	// Expect is the kind of answer the reference gives.
	Expect Expect

	// First marks a case that must be sent before every case without it: the reference's answer
	// changes once other requests have been served (discovery lists every unknown service object
	// it was asked about; see NOTES.md). [Run] sends these first, one at a time.
	First bool

	// Why says what the case checks, when its name does not.
	Why string
}

// Theme is the part of the case's name before the first "/".
func (c Case) Theme() string {
	theme, _, _ := strings.Cut(c.Name, "/")
	return theme
}

// BodyLen is the number of bytes of the body sent.
func (c Case) BodyLen() int64 {
	return max(c.Size, int64(len(c.Body)))
}

// BodyReader returns a reader of the body sent: Body, then spaces up to Size.
func (c Case) BodyReader() io.Reader {
	pad := c.BodyLen() - int64(len(c.Body))
	if pad <= 0 {
		return bytes.NewReader(c.Body)
	}
	return io.MultiReader(bytes.NewReader(c.Body), io.LimitReader(spaces{}, pad))
}

// BodyBytes returns the body sent, in memory. Prefer BodyReader for a case with a Size.
func (c Case) BodyBytes() []byte {
	if c.BodyLen() == int64(len(c.Body)) {
		return c.Body
	}
	b := make([]byte, c.BodyLen())
	copy(b, c.Body)
	for i := len(c.Body); i < len(b); i++ {
		b[i] = ' '
	}
	return b
}

// RawPath is the path part of Path, still escaped.
func (c Case) RawPath() string {
	p, _, _ := strings.Cut(c.Path, "?")
	return p
}

// RawQuery is the query part of Path without its "?", still escaped; empty when there is none.
func (c Case) RawQuery() string {
	_, q, _ := strings.Cut(c.Path, "?")
	return q
}

// HasQuery reports whether Path has a "?", even with nothing after it.
func (c Case) HasQuery() bool {
	return strings.Contains(c.Path, "?")
}

// NewRequest returns the case as a client request to the server at baseURL (as
// "http://127.0.0.1:10001"). The request target is written exactly as Path holds it, even where Path
// is not a valid URL (an invalid %-escape), and the body is streamed from BodyReader with its
// length set.
func (c Case) NewRequest(ctx context.Context, baseURL string) (*http.Request, error) {
	base, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("corpus: base URL %q: %w", baseURL, err)
	}
	if !strings.HasPrefix(c.Path, "/") || strings.HasPrefix(c.Path, "//") {
		return nil, fmt.Errorf("corpus: case %s: path %q must start with a single /", c.Name, c.Path)
	}
	var body io.Reader
	if c.BodyLen() > 0 {
		body = c.BodyReader()
	}
	req, err := http.NewRequestWithContext(ctx, c.Method, base.Scheme+"://"+base.Host+"/", body)
	if err != nil {
		return nil, fmt.Errorf("corpus: case %s: %w", c.Name, err)
	}
	// With Opaque set, net/http writes the request target as Opaque + "?" + RawQuery, verbatim.
	req.URL.Path = ""
	req.URL.Opaque = c.RawPath()
	req.URL.RawQuery = c.RawQuery()
	req.URL.ForceQuery = c.HasQuery() && c.RawQuery() == ""
	req.ContentLength = c.BodyLen()
	if c.BodyLen() == 0 {
		req.Body = http.NoBody
		req.GetBody = nil
	}
	for k, vs := range c.Header {
		req.Header[k] = append([]string(nil), vs...)
	}
	return req, nil
}

// spaces is an endless reader of ' '.
type spaces struct{}

func (spaces) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}
