package backend_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flexgo/flexgo/core/backend"
)

func TestErrorAnswers(t *testing.T) {
	for _, tc := range []struct {
		name      string
		reply     reply
		errName   string
		desc, dbg string
		notJSON   bool
		body      string // the Error's Body
		message   string // in Error()
	}{
		{"kinvey error", reply{404, `{"error":"EntityNotFound","description":"not found","debug":"b1"}`},
			"EntityNotFound", "not found", "b1", false, `{"error":"EntityNotFound","description":"not found","debug":"b1"}`,
			"backend: 404 EntityNotFound: not found (b1)"},
		{"non-string members", reply{400, `{"error":42,"description":null,"debug":{"a":[1, 2]}}`},
			"42", "null", `{"a":[1,2]}`, false, `{"error":42,"description":null,"debug":{"a":[1, 2]}}`,
			"backend: 400 42: null ({\"a\":[1,2]})"},
		{"html", reply{502, `<html>Bad Gateway</html>`}, "", "", "", true, `"<html>Bad Gateway</html>"`,
			"backend: 502 Bad Gateway: the answer's body is not JSON: <html>Bad Gateway</html>"},
		{"empty", reply{503, ``}, "", "", "", true, ``, "backend: 503 Service Unavailable: the answer's body is empty"},
		{"null", reply{500, `null`}, "", "", "", false, `null`, "backend: 500 Internal Server Error"},
		{"string", reply{500, `"oops"`}, "", "", "", false, `"oops"`, "backend: 500 Internal Server Error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeBackend(t, tc.reply)
			_, err := backend.New(hookTask(t, f.URL, "other")).DataStore(ds).Collection("c").FindByID(t.Context(), "b1")
			var be *backend.Error
			if !errors.As(err, &be) {
				t.Fatalf("error %v", err)
			}
			if be.StatusCode != tc.reply.status || be.Name != tc.errName || be.Description != tc.desc || be.Debug != tc.dbg {
				t.Errorf("error %+v", be)
			}
			if errors.Is(err, backend.ErrNotJSON) != tc.notJSON {
				t.Errorf("errors.Is(ErrNotJSON) = %v", !tc.notJSON)
			}
			if string(be.Body) != tc.body {
				t.Errorf("body %s, want %s", be.Body, tc.body)
			}
			if err.Error() != tc.message {
				t.Errorf("message %q, want %q", err.Error(), tc.message)
			}
		})
	}
}

func TestClientErrorMessage(t *testing.T) {
	_, err := backend.New(hookTask(t, "http://127.0.0.1:1", "other")).DataStore(ds).Collection("c").FindByID(t.Context(), "")
	if want := "backend: DataStoreError: Bad Request (entityId is required)"; err == nil || err.Error() != want {
		t.Errorf("message %v, want %q", err, want)
	}
}

// A call is bounded by its context.
func TestContextBoundsTheCall(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := backend.New(hookTask(t, srv.URL, "other")).DataStore(ds).Collection("c").Find(ctx, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want context.DeadlineExceeded", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("the call took %v", time.Since(start))
	}
	if !strings.HasPrefix(err.Error(), "backend: GET "+srv.URL+"/appdata/kid_test/c/: ") {
		t.Errorf("message %q", err)
	}
}

func TestTransportError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	dead := srv.URL
	srv.Close()
	_, err := backend.New(hookTask(t, dead, "other")).UserStore(ds).FindByID(t.Context(), "u1")
	var be *backend.Error
	if err == nil || errors.As(err, &be) {
		t.Fatalf("error %v, want a transport error", err)
	}
	if strings.Contains(err.Error(), masterSecret) {
		t.Errorf("the message shows the secret: %v", err)
	}
}

type countingTransport struct {
	n    atomic.Int32
	next http.RoundTripper
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

func TestWithHTTPClient(t *testing.T) {
	f := newFakeBackend(t)
	ct := &countingTransport{next: http.DefaultTransport}
	hc := &http.Client{Transport: ct}
	c := backend.New(hookTask(t, f.URL, "other"), backend.WithHTTPClient(hc), backend.WithHTTPClient(nil))
	if _, err := c.Push().Broadcast(t.Context(), "hi"); err != nil {
		t.Fatal(err)
	}
	if ct.n.Load() != 1 {
		t.Errorf("the given client made %d calls", ct.n.Load())
	}
}

// Redirects are followed for GET only, as `request` follows them.
func TestRedirects(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/moved/") {
			http.Redirect(w, r, srv.URL+"/appdata/kid_test/there/", http.StatusFound)
			return
		}
		_, _ = w.Write([]byte(`{"at":"` + r.Method + " " + r.URL.Path + `"}`))
	}))
	defer srv.Close()
	for _, hc := range []*http.Client{nil, backend.NewHTTPClient()} {
		col := backend.New(hookTask(t, srv.URL, "other"), backend.WithHTTPClient(hc)).DataStore(ds).Collection("moved")
		got, err := col.Find(t.Context(), nil)
		if err != nil || !jsonEqual(got, []byte(`{"at":"GET /appdata/kid_test/there/"}`)) {
			t.Errorf("GET: %s, %v", got, err)
		}
		_, err = col.Save(t.Context(), map[string]int{"a": 1})
		var be *backend.Error
		if !errors.As(err, &be) || be.StatusCode != http.StatusFound {
			t.Errorf("POST: %v, want the 302 as an error", err)
		}
	}
}

func TestDecode(t *testing.T) {
	type book struct{ Title string }
	b, err := backend.Decode[book](json.RawMessage(`{"Title":"Dune"}`), nil)
	if err != nil || b.Title != "Dune" {
		t.Errorf("Decode: %v, %v", b, err)
	}
	if b, err := backend.Decode[book](nil, nil); err != nil || b != (book{}) {
		t.Errorf("Decode of nothing: %v, %v", b, err)
	}
	cause := errors.New("boom")
	if _, err := backend.Decode[book](json.RawMessage(`{}`), cause); err != cause {
		t.Errorf("Decode passed %v, want the error", err)
	}
	if _, err := backend.Decode[book](json.RawMessage(`"text"`), nil); err == nil || !strings.Contains(err.Error(), "backend_test.book") {
		t.Errorf("Decode of a string: %v", err)
	}
}

func TestEncodingErrors(t *testing.T) {
	f := newFakeBackend(t)
	c := backend.New(hookTask(t, f.URL, "other"))
	if _, err := c.DataStore(ds).Collection("c").Save(t.Context(), func() {}); err == nil {
		t.Error("a func was encoded")
	}
	if _, err := c.EndpointRunner(ds).Endpoint("e").Execute(t.Context(), json.RawMessage(`{bad`)); err == nil {
		t.Error("bad JSON text was sent")
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("%d requests", n)
	}
}

// A nil pointer Query selects everything instead of panicking.
func TestNilQuery(t *testing.T) {
	f := newFakeBackend(t)
	var q *nilQuery
	if _, err := backend.New(hookTask(t, f.URL, "other")).DataStore(ds).Collection("c").Count(t.Context(), q); err != nil {
		t.Fatal(err)
	}
	if r := f.requests(); r[0].URI != "/appdata/kid_test/c/_count/" {
		t.Errorf("sent %s", r[0].URI)
	}
}

type nilQuery struct{ v url.Values }

func (q *nilQuery) ToQueryString() url.Values { return q.v }

func TestNewNilTask(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("New(nil) did not panic")
		}
	}()
	backend.New(nil)
}

// Printing a client shows no secret.
func TestClientString(t *testing.T) {
	c := backend.New(hookTask(t, "http://kinvey.example", "other"))
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c)} {
		if strings.Contains(s, masterSecret) || strings.Contains(s, appSecret) || strings.Contains(s, "user-token") {
			t.Errorf("%q shows a secret", s)
		}
	}
}

// The client New makes itself closes its idle connections when the call's context ends.
func TestDefaultClientClosesIdleConnections(t *testing.T) {
	closed := make(chan struct{}, 4)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateClosed {
			closed <- struct{}{}
		}
	}
	srv.Start()
	defer srv.Close()
	ctx, cancel := context.WithCancel(t.Context())
	col := backend.New(hookTask(t, srv.URL, "other")).DataStore(ds).Collection("c")
	for range 3 { // one connection, kept alive between the calls
		if _, err := col.Find(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-closed:
		t.Fatal("a connection closed before the context ended")
	case <-time.After(50 * time.Millisecond):
	}
	cancel()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("the idle connection is still open after the context ended")
	}
}
