package flextest_test

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"testing"

	flexhttp "github.com/flexgo/flexgo/adapters/http"
	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/core/flextest"
)

// requests of every kind, for the tests that send them more than one way.
func everyKind() []flextest.Request {
	book := map[string]string{"title": "Dune"}
	return []flextest.Request{
		flextest.GetAll("books"),
		flextest.GetByID("books", "a b"),
		flextest.GetByQuery("books", book).WithSort(map[string]int{"title": 1}).WithSkip(1).WithLimit(2),
		flextest.GetCount("books"),
		flextest.GetCountByQuery("books", book),
		flextest.Insert("books", book),
		flextest.InsertMany("books", []any{book, book}),
		flextest.Update("books", "1", book),
		flextest.DeleteByID("books", "1"),
		flextest.DeleteByQuery("books", book),
		flextest.DeleteAll("books"),
		flextest.PreHook("hook", "POST", "books").WithBody(book).WithTempObjectStore(map[string]int{"n": 1}),
		flextest.PostHook("hook", "GET", "books").WithResponse(200, []any{book}),
		flextest.CustomEndpoint("hook", book),
		flextest.Auth("login", "ann", "pw"),
		flextest.Discover(),
		flextest.Healthcheck(),
	}
}

// The same request through net/http (flexhttp.Handler) gets the same answer as in-process, with
// the shared secret and without it.
func TestHTTPMatchesDo(t *testing.T) {
	for _, base := range everyKind() {
		for _, req := range []flextest.Request{base.WithUser("bob", "u1").WithSecret("s").WithMasterSecret("kid", "ms"), base} {
			t.Run(req.String(), func(t *testing.T) {
				svc, _ := probe(t, core.WithConfig(core.Config{SharedSecret: "s"}))
				want := flextest.Do(svc, req)
				rec := httptest.NewRecorder()
				flexhttp.Handler(svc).ServeHTTP(rec, req.HTTP())
				if rec.Code != want.Status || !bytes.Equal(rec.Body.Bytes(), want.Body) {
					t.Errorf("net/http answered %d %s, in-process %s", rec.Code, rec.Body, want)
				}
			})
		}
	}
}

// HTTPTo sends a request to a real server on the loopback interface.
func TestHTTPToServer(t *testing.T) {
	svc, got := probe(t)
	srv := httptest.NewServer(flexhttp.Handler(svc))
	defer srv.Close()
	for _, req := range everyKind() {
		req = req.WithUser("bob", "u1")
		t.Run(req.String(), func(t *testing.T) {
			want := flextest.Do(svc, req)
			resp, err := srv.Client().Do(req.HTTPTo(context.Background(), srv.URL+"/"))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != want.Status || !bytes.Equal(body, want.Body) {
				t.Errorf("server answered %d %s, in-process %s", resp.StatusCode, body, want)
			}
		})
	}
	if got.userID != "u1" {
		t.Errorf("the last handler saw %+v", *got)
	}
}
