package flextest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"

	"github.com/flexgo/flexgo/core"
)

// kind is the kind of Flex request.
type kind int

const (
	kindData kind = iota
	kindFunction
	kindAuth
	kindDiscover
	kindHealth
)

// Request is a Flex request as Kinvey sends it, built by one of the constructors of this package
// and refined with its With methods. The zero Request is not useful. Requests are values: a With
// method returns a new Request and never changes its receiver.
type Request struct {
	kind   kind
	method string // data: the HTTP method; functions: the collection request's method
	path   string // escaped
	params []param
	header http.Header

	body    json.RawMessage // the body the handler sees (see WithBody)
	rawBody []byte          // WithRawBody: the HTTP body exactly
	hasRaw  bool

	appMeta     object
	appMetaRaw  json.RawMessage // WithAppMetadata given something that is not an object
	origHeaders object

	// FlexFunctions
	hookType    core.HookType
	objectName  string
	entityID    string
	temp        json.RawMessage
	respStatus  int
	respHeaders json.RawMessage
	respBody    json.RawMessage

	// FlexAuth
	username, password string
	options            json.RawMessage
}

type param struct{ name, value string }

func newRequest(k kind, method, path string) Request {
	return Request{kind: k, method: method, path: path, header: http.Header{}}
}

// clone returns a copy of r that shares nothing mutable with it.
func (r Request) clone() Request {
	r.header = r.header.Clone()
	if r.header == nil {
		r.header = http.Header{}
	}
	r.params = append([]param(nil), r.params...)
	r.appMeta = append(object(nil), r.appMeta...)
	r.origHeaders = append(object(nil), r.origHeaders...)
	return r
}

// String is the request line, as "GET /books/1?query=...", for test names and messages.
func (r Request) String() string {
	target := r.target()
	if r.kind == kindFunction {
		return "POST " + target + " (" + string(r.hookType) + " " + r.method + " " + r.objectName + ")"
	}
	return r.httpMethod() + " " + target
}

// httpMethod is the method of the HTTP request: a FlexFunctions call is always a POST.
func (r Request) httpMethod() string {
	if r.kind == kindFunction {
		return http.MethodPost
	}
	return r.method
}

// target is the path and query string.
func (r Request) target() string {
	if q := r.rawQuery(); q != "" {
		return r.path + "?" + q
	}
	return r.path
}

// rawQuery is the query string of a data request, in the order the parameters were set.
func (r Request) rawQuery() string {
	if r.kind != kindData {
		return ""
	}
	var sb strings.Builder
	for i, p := range r.params {
		if i > 0 {
			sb.WriteByte('&')
		}
		sb.WriteString(url.QueryEscape(p.name))
		sb.WriteByte('=')
		sb.WriteString(url.QueryEscape(p.value))
	}
	return sb.String()
}

// payload is the HTTP body, or nil when the request has none.
func (r Request) payload() []byte {
	if r.hasRaw {
		return r.rawBody
	}
	switch r.kind {
	case kindFunction:
		return r.envelope()
	case kindAuth:
		if r.body != nil {
			return r.body
		}
		o := object{}.set("username", mustJSON(r.username), false).set("password", mustJSON(r.password), false)
		if r.options != nil {
			o = o.set("options", r.options, false)
		}
		return mustJSON(o)
	}
	return r.body
}

// envelope is the body Kinvey POSTs to /_flexFunctions/:name.
func (r Request) envelope() []byte {
	o := object{}.set("hookType", mustJSON(string(r.hookType)), false)
	if r.method != "" {
		o = o.set("method", mustJSON(r.method), false)
	}
	if r.objectName != "" {
		o = o.set("objectName", mustJSON(r.objectName), false)
	}
	if r.entityID != "" {
		o = o.set("entityId", mustJSON(r.entityID), false)
	}
	if len(r.params) > 0 {
		q := object{}
		for _, p := range r.params {
			q = q.set(p.name, mustJSON(p.value), false)
		}
		o = o.set("query", mustJSON(q), false)
	}
	if r.body != nil {
		o = o.set("body", r.body, false)
	}
	if r.temp != nil {
		o = o.set("tempObjectStore", r.temp, false)
	}
	if r.hookType == core.HookPost || r.respStatus != 0 || r.respHeaders != nil || r.respBody != nil {
		resp := object{}.set("status", mustJSON(r.respStatus), false)
		headers := r.respHeaders
		if headers == nil {
			headers = json.RawMessage("{}")
		}
		resp = resp.set("headers", headers, false)
		if r.respBody != nil {
			resp = resp.set("body", r.respBody, false)
		}
		o = o.set("response", mustJSON(resp), false)
	}
	return mustJSON(o)
}

// headers are the HTTP headers: those set with WithHeader, the Kinvey JSON headers, and the
// content type of a body.
func (r Request) headers(body []byte) http.Header {
	h := r.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	if h.Get("X-Kinvey-App-Metadata") == "" {
		if r.appMetaRaw != nil {
			h.Set("X-Kinvey-App-Metadata", string(r.appMetaRaw))
		} else if len(r.appMeta) > 0 {
			h.Set("X-Kinvey-App-Metadata", string(mustJSON(r.appMeta)))
		}
	}
	if len(r.origHeaders) > 0 && h.Get("X-Kinvey-Original-Request-Headers") == "" {
		h.Set("X-Kinvey-Original-Request-Headers", string(mustJSON(r.origHeaders)))
	}
	if body != nil && h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json")
	}
	return h
}

// Core returns the request as an adapter hands it to [core.Service.Serve].
func (r Request) Core() *core.Request {
	body := r.payload()
	req := &core.Request{
		Method:   r.httpMethod(),
		Path:     r.path,
		RawQuery: r.rawQuery(),
		Header:   r.headers(body),
	}
	if body != nil {
		req.Body = bytes.NewReader(body)
		req.ContentLength = int64(len(body))
	}
	return req
}

// HTTP returns the request as an *http.Request for http://example.com, for tests of an
// http.Handler (flexhttp.Handler) with httptest.NewRecorder; set its URL.Host, or use
// [Request.HTTPTo], to send it to a server.
func (r Request) HTTP() *http.Request {
	return r.HTTPTo(context.Background(), "")
}

// HTTPTo returns the request as an *http.Request to baseURL (such as an httptest.Server's URL),
// ready for an http.Client; "" means http://example.com.
func (r Request) HTTPTo(ctx context.Context, baseURL string) *http.Request {
	body := r.payload()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	var req *http.Request
	if baseURL == "" {
		req = httptest.NewRequestWithContext(ctx, r.httpMethod(), r.target(), rd)
	} else {
		var err error
		req, err = http.NewRequestWithContext(ctx, r.httpMethod(), strings.TrimSuffix(baseURL, "/")+r.target(), rd)
		if err != nil {
			panic("flextest: " + err.Error())
		}
	}
	for k, v := range r.headers(body) {
		req.Header[k] = append([]string(nil), v...)
	}
	if body != nil {
		req.ContentLength = int64(len(body))
	}
	return req
}

func itoa(n int) string { return strconv.Itoa(n) }
