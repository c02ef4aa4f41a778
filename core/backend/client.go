package backend

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"sync"
	"time"

	"github.com/flexgo/flexgo/core"
)

// Client reaches the Kinvey backend of one task: its app key, secrets and backend URL, the
// client's Authorization header, and what the task runs for (its object name, hook type, user
// and API version), all read from the task when the client is made. Make one with [New]; its
// modules ([Client.DataStore], [Client.UserStore], ...) are cheap values. A Client is safe for
// concurrent use.
type Client struct {
	http *http.Client
	// closeIdle closes the idle connections of the client New made itself, when a call's
	// context ends (nil for a client the caller gave); watched is the Done channel of the
	// context it waits for.
	closeIdle func()
	mu        sync.Mutex
	watched   <-chan struct{}

	appKey        string
	appSecret     core.Secret
	masterSecret  core.Secret
	baasURL       string
	apiVersion    string // the task's: x-kinvey-api-version of its response headers, "3" by default
	authorization string // the Authorization header of the client's request
	objectName    string
	hookType      core.HookType
	userID        string
}

// Option configures a [Client].
type Option func(*Client)

// WithHTTPClient makes the client send its calls with hc. Share one client between requests (made
// with [NewHTTPClient], or your own) so that connections to Kinvey are reused. A nil hc keeps the
// default.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.http, c.closeIdle = hc, nil
		}
	}
}

// The limits of [NewHTTPClient]'s client.
const (
	// DialTimeout bounds opening a connection.
	DialTimeout = 10 * time.Second
	// TLSHandshakeTimeout bounds the TLS handshake.
	TLSHandshakeTimeout = 10 * time.Second
	// ResponseHeaderTimeout bounds the wait for an answer once the request is sent.
	ResponseHeaderTimeout = 60 * time.Second
	// CallTimeout bounds a whole call, answer included, when its context has no earlier deadline.
	CallTimeout = 2 * time.Minute
	// MaxAnswerSize is the largest answer body a call reads.
	MaxAnswerSize = 64 << 20
)

// NewHTTPClient returns an http.Client as the Node SDK's calls are made: no proxy (the Node SDK
// sets proxy: false; HTTP_PROXY is not consulted), redirects followed for GET and HEAD only (as
// the `request` library follows them, at most 10), and the timeouts above. Each call is bounded
// by its context besides.
func NewHTTPClient() *http.Client {
	return &http.Client{
		Transport:     newTransport(),
		Timeout:       CallTimeout,
		CheckRedirect: checkRedirect,
	}
}

func newTransport() *http.Transport {
	return &http.Transport{
		Proxy:                 nil,
		DialContext:           (&net.Dialer{Timeout: DialTimeout, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   TLSHandshakeTimeout,
		ResponseHeaderTimeout: ResponseHeaderTimeout,
		ExpectContinueTimeout: time.Second,
		MaxIdleConns:          16,
		MaxIdleConnsPerHost:   8,
		IdleConnTimeout:       30 * time.Second,
	}
}

// checkRedirect follows redirects of GET and HEAD requests only, as `request` does by default
// (followRedirect true, followAllRedirects false), up to its 10.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("exceeded 10 redirects")
	}
	if m := via[0].Method; m != http.MethodGet && m != http.MethodHead {
		return http.ErrUseLastResponse
	}
	return nil
}

// New returns the backend client of task, the `modules` of the Node SDK that call Kinvey:
//
//	bk := backend.New(fc.Task)
//	books := bk.DataStore(backend.StoreOptions{}).Collection("books")
//	book, err := backend.Decode[Book](books.FindByID(ctx, "b1"))
//
// Without [WithHTTPClient] it makes an http.Client of its own, as [NewHTTPClient] does, which
// keeps connections open for the calls of one request and closes them when their context ends;
// a service making many calls should share one client instead. New panics if task is nil.
func New(task *core.Task, opts ...Option) *Client {
	if task == nil {
		panic("backend: New: nil task")
	}
	bc := task.BackendContext()
	c := &Client{
		appKey:        bc.AppKey,
		appSecret:     bc.AppSecret,
		masterSecret:  bc.MasterSecret,
		baasURL:       bc.BaasURL,
		apiVersion:    task.APIVersion(),
		authorization: task.OriginalHeader("authorization"),
		objectName:    task.ObjectName,
		hookType:      task.HookType,
		userID:        task.UserID,
	}
	for _, o := range opts {
		o(c)
	}
	if c.http == nil {
		tr := newTransport()
		c.http = &http.Client{Transport: tr, Timeout: CallTimeout, CheckRedirect: checkRedirect}
		c.closeIdle = tr.CloseIdleConnections
	}
	return c
}

// StoreOptions are the options of the dataStore, userStore, groupStore, roleStore and
// endpointRunner modules (the Node SDK's storeOptions). The zero value is the SDK's default.
type StoreOptions struct {
	// UseBL runs Kinvey's business logic for the calls; without it they carry
	// x-kinvey-skip-business-logic: true. The endpoint runner always uses it.
	UseBL bool
	// UseUserContext sends the calls with the client's own Authorization header instead of the
	// app's master secret.
	UseUserContext bool
	// APIVersion is the X-Kinvey-API-Version of the calls (storeOptions.apiVersion); "" means
	// the task's, [core.Task.APIVersion], as in 3.3.0 (4.x would send "5").
	APIVersion string
}

// Query is what the find, remove and count functions take to select entities: a value whose
// ToQueryString gives the query string parameters, as the Node SDK's Query does (query, fields,
// limit, skip, sort). *query.Query of core/query is one. A nil Query selects everything.
type Query interface {
	ToQueryString() url.Values
}

// Decode decodes the result of a call into a T, passing an error through, so that a call and its
// decoding read as one:
//
//	users, err := backend.Decode[[]User](bk.UserStore(backend.StoreOptions{}).Find(ctx, nil))
//
// An empty result (an answer without a body) decodes to T's zero value.
func Decode[T any](result json.RawMessage, err error) (T, error) {
	var v T
	if err != nil {
		return v, err
	}
	if len(result) == 0 {
		return v, nil
	}
	if err := json.Unmarshal(result, &v); err != nil {
		return v, fmt.Errorf("backend: decoding the answer into %T: %w", v, err)
	}
	return v, nil
}

// request is a call as the reference's modules build its options for `request`.
type request struct {
	method string
	url    string // as the reference concatenates it, before `request` parses it
	qs     []pair // the qs option, when hasQS
	hasQS  bool
	header http.Header
	body   []byte // JSON text; nil for none
}

// answer is the backend's answer as `request` with json: true reads it.
type answer struct {
	status int
	body   []byte // the body's text, with invalid UTF-8 replaced as Node decodes it
	json   bool   // the body is JSON text (JSON.parse succeeds)
}

// result is what the reference resolves with: the parsed body, the text when it is not JSON, and
// undefined (nil) when the body is empty.
func (a answer) result() json.RawMessage {
	if a.json {
		return a.body
	}
	if len(a.body) == 0 {
		return nil
	}
	raw, _ := encodeJSON(string(a.body))
	return raw
}

// do sends r and reads the answer. Its errors are those of the transport and of ctx.
func (c *Client) do(ctx context.Context, r request) (answer, error) {
	t, err := nodeTarget(r.url)
	if err != nil {
		return answer{}, err
	}
	if r.hasQS {
		t = t.withQS(r.qs)
	}
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, t.origin+"/", body)
	if err != nil {
		return answer{}, fmt.Errorf("backend: %s %s: %w", r.method, t, err)
	}
	req.URL.Opaque = t.opaque()
	req.URL.RawQuery, req.URL.ForceQuery = t.query, t.hasQuery
	for k, v := range r.header {
		req.Header[k] = v
	}
	req.Header["User-Agent"] = []string{""} // `request` sends none
	c.watch(ctx)
	resp, err := c.http.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return answer{}, fmt.Errorf("backend: %s %s: %w", r.method, t, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, MaxAnswerSize+1))
	if err != nil {
		return answer{}, fmt.Errorf("backend: %s %s: reading the answer: %w", r.method, t, err)
	}
	if len(raw) > MaxAnswerSize {
		return answer{}, fmt.Errorf("backend: %s %s: the answer is larger than %d bytes", r.method, t, MaxAnswerSize)
	}
	return readAnswer(resp.StatusCode, raw), nil
}

// readAnswer decodes a body as `request` does: UTF-8 text (invalid bytes replaced), then
// JSON.parse, keeping the text when that fails.
func readAnswer(status int, raw []byte) answer {
	text := wellFormedUTF8(raw)
	return answer{status: status, body: text, json: len(text) > 0 && json.Valid(text)}
}

// watch closes the default client's idle connections when ctx ends: the connections serve the
// calls of one request, and go with it. Contexts that never end (Background) leave that to the
// transport's idle timeout.
func (c *Client) watch(ctx context.Context) {
	if c.closeIdle == nil {
		return
	}
	done := ctx.Done()
	if done == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if done != c.watched {
		c.watched = done
		context.AfterFunc(ctx, c.closeIdle)
	}
}

// String describes the client without its secrets or the client's credentials.
func (c *Client) String() string {
	return "backend.Client{app " + c.appKey + " at " + c.baasURL + "}"
}

// GoString is String, for %#v.
func (c *Client) GoString() string { return c.String() }

// storeResult is the reference's _makeRequest: an answer above 299 is an error.
func (c *Client) storeResult(ctx context.Context, r request) (json.RawMessage, error) {
	a, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	if a.status > 299 {
		return nil, answerError(a)
	}
	return a.result(), nil
}

// encodeJSON is JSON.stringify for a Go value: encoding/json without HTML escaping (json.RawMessage
// is taken as JSON text and compacted).
func encodeJSON(v any) (json.RawMessage, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// encodeArg encodes an argument of a call (an entity, a body), nil becoming JSON null.
func encodeArg(what string, v any) (json.RawMessage, error) {
	raw, err := encodeJSON(v)
	if err != nil {
		return nil, fmt.Errorf("backend: encoding the %s as JSON: %w", what, err)
	}
	return raw, nil
}

// isNil reports whether q is nil, or a nil pointer (a *query.Query never set).
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface, reflect.Func:
		return rv.IsNil()
	}
	return false
}
