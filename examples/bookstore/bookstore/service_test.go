package bookstore_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/core/flextest"
	"github.com/flexgo/flexgo/core/query"
	"github.com/flexgo/flexgo/examples/bookstore/bookstore"
)

func newBookstore(t *testing.T, opts ...core.Option) (*core.Service, *flextest.Logs) {
	t.Helper()
	return flextest.NewService(bookstore.New, opts...)
}

func books(t *testing.T, res *flextest.Response) []bookstore.Book {
	t.Helper()
	var out []bookstore.Book
	if err := res.Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func titles(bs []bookstore.Book) []string {
	out := []string{}
	for _, b := range bs {
		out = append(out, b.Title)
	}
	return out
}

// wantError fails unless res is the Kinvey error name with debug containing debug.
func wantError(t *testing.T, res *flextest.Response, status int, name, debug string) {
	t.Helper()
	e, ok := res.KinveyError()
	if res.Status != status || !ok || e.Error != name || !strings.Contains(e.DebugText(), debug) {
		t.Errorf("answer %s, want %d %s with debug containing %q", res, status, name, debug)
	}
}

func TestDiscovery(t *testing.T) {
	svc, _ := newBookstore(t)
	var d core.Discovery
	if err := flextest.Do(svc, flextest.Discover()).Decode(&d); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d.DataLink.ServiceObjects, []string{"books"}) ||
		!reflect.DeepEqual(d.BusinessLogic.Handlers, []string{"validateBook", "redactBook", "stats"}) ||
		!reflect.DeepEqual(d.Auth.Handlers, []string{"login"}) {
		t.Errorf("discovery %+v", d)
	}
}

func TestReads(t *testing.T) {
	svc, _ := newBookstore(t)
	austen := map[string]string{"author": "Jane Austen"}
	tests := []struct {
		name   string
		req    flextest.Request
		titles []string
	}{
		{"all", flextest.GetAll("books"), []string{"Dune", "Emma", "Neuromancer", "Persuasion"}},
		{"by query", flextest.GetByQuery("books", austen), []string{"Emma", "Persuasion"}},
		{"sorted", flextest.GetByQuery("books", austen).WithSort(map[string]int{"year": -1}), []string{"Persuasion", "Emma"}},
		{"sort, skip and limit without a filter", flextest.GetAll("books").WithSort(`{"year":1}`).WithSkip(1).WithLimit(2),
			[]string{"Persuasion", "Dune"}},
		{"sorted on two keys, the first deciding", flextest.GetAll("books").WithSort(`{"author":-1,"year":1}`),
			[]string{"Neuromancer", "Emma", "Persuasion", "Dune"}},
		{"by number", flextest.GetByQuery("books", map[string]int{"year": 1984}), []string{"Neuromancer"}},
		{"$gte", flextest.GetByQuery("books", `{"year":{"$gte":1900}}`), []string{"Dune", "Neuromancer"}},
		{"$lt, sorted descending", flextest.GetByQuery("books", `{"year":{"$lt":1900}}`).WithSort(`{"year":-1}`),
			[]string{"Persuasion", "Emma"}},
		{"$in", flextest.GetByQuery("books", `{"_id":{"$in":["3","1","9"]}}`), []string{"Dune", "Neuromancer"}},
		{"$or", flextest.GetByQuery("books", `{"$or":[{"title":"Emma"},{"year":{"$gt":1980}}]}`), []string{"Emma", "Neuromancer"}},
		{"$regex", flextest.GetByQuery("books", `{"title":{"$regex":"^p","$options":"i"}}`), []string{"Persuasion"}},
		{"no match", flextest.GetByQuery("books", map[string]string{"author": "Nobody"}), []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := flextest.Do(svc, tt.req)
			if res.Status != 200 {
				t.Fatalf("answer %s", res)
			}
			if got := titles(books(t, res)); !reflect.DeepEqual(got, tt.titles) {
				t.Errorf("titles %v, want %v", got, tt.titles)
			}
		})
	}

	var dune bookstore.Book
	if res := flextest.Do(svc, flextest.GetByID("books", "1")); res.Status != 200 || res.Decode(&dune) != nil ||
		dune != (bookstore.Book{ID: "1", Title: "Dune", Author: "Frank Herbert", Year: 1965}) {
		t.Errorf("get by id: %s", res)
	}
	wantError(t, flextest.Do(svc, flextest.GetByID("books", "nope")), 404, "NotFound", "no such book")

	// fields: only those, and _id.
	res := flextest.Do(svc, flextest.GetByQuery("books", `{"year":{"$gte":1900}}`).WithParam("fields", "title,year"))
	if want := `[{"_id":"1","title":"Dune","year":1965},{"_id":"3","title":"Neuromancer","year":1984}]`; res.Status != 200 || string(res.Body) != want {
		t.Errorf("fields: %s, want %s", res, want)
	}

	counts := []struct {
		req  flextest.Request
		want string
	}{
		{flextest.GetCount("books"), `{"count":4}`},
		{flextest.GetCountByQuery("books", austen), `{"count":2}`},
		{flextest.GetCountByQuery("books", map[string]string{"title": "Nothing"}), `{"count":0}`},
		{flextest.GetCountByQuery("books", `{"year":{"$gte":1900}}`), `{"count":2}`},
		{flextest.GetCountByQuery("books", `{"$or":[{"author":"Jane Austen"},{"year":1984}]}`), `{"count":3}`},
		{flextest.GetCountByQuery("books", `{"year":{"$gte":1900}}`).WithLimit(1), `{"count":2}`}, // a count ignores limit
	}
	for _, tt := range counts {
		if res := flextest.Do(svc, tt.req); res.Status != 200 || string(res.Body) != tt.want {
			t.Errorf("%s: %s, want %s", tt.req, res, tt.want)
		}
	}
}

// Malformed queries are answered 400 BadRequest with a debug that says what is wrong.
func TestBadQueries(t *testing.T) {
	svc, _ := newBookstore(t)
	tests := []struct {
		name  string
		req   flextest.Request
		debug string
	}{
		{"query not JSON", flextest.GetByQuery("books", "{bad"), "query must be a JSON object"},
		{"query an array", flextest.GetByQuery("books", "[1]"), "query must be a JSON object"},
		{"query as an object", flextest.GetAll("books").WithParam("query[year]", "1815"), "query must be JSON text"},
		{"an unknown operator", flextest.GetByQuery("books", `{"year":{"$around":1900}}`), "Unknown operation $around"},
		{"an invalid regular expression", flextest.GetByQuery("books", `{"title":{"$regex":"[a-"}}`), "Invalid regular expression"},
		{"a regular expression Go cannot run", flextest.GetByQuery("books", `{"title":{"$regex":"(?<=D)u"}}`), "not supported: lookbehind"},
		{"$where", flextest.GetByQuery("books", `{"$where":"true"}`), "not supported: the $where operator"},
		{"a bad sort", flextest.GetAll("books").WithSort(`{"year":"up"}`), `sort "year" must be 1 or -1`},
		{"a negative limit", flextest.GetAll("books").WithLimit(-1), "limit must be a non-negative integer"},
		{"a limit too large", flextest.GetAll("books").WithLimit(10001), "limit must be at most 10000"},
		{"a bad skip", flextest.GetAll("books").WithParam("skip", "1.5"), "skip must be a non-negative integer"},
		{"fields as a list", flextest.GetAll("books").WithParam("fields[]", "title"), "fields must be text"},
		{"a count by a bad query", flextest.GetCountByQuery("books", "{bad"), "query must be a JSON object"},
		{"a count by an unknown operator", flextest.GetCountByQuery("books", `{"year":{"$around":1}}`), "Unknown operation $around"},
		{"a delete by a bad query", flextest.DeleteByQuery("books", "[]"), "query must be a JSON object"},
		{"a delete by an unknown operator", flextest.DeleteByQuery("books", `{"year":{"$around":1}}`), "Unknown operation $around"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, flextest.Do(svc, tt.req), 400, "BadRequest", tt.debug)
		})
	}
	if res := flextest.Do(svc, flextest.GetCount("books")); string(res.Body) != `{"count":4}` {
		t.Errorf("a bad delete deleted: %s", res)
	}
}

var kinveyID = regexp.MustCompile(`^[0-9a-f]{24}$`)

func TestInsertAndUpdate(t *testing.T) {
	svc, logs := newBookstore(t)
	res := flextest.Do(svc, flextest.Insert("books", bookstore.Book{Title: "Ubik", Author: "Philip K. Dick", Year: 1969}).WithRequestID("req-7"))
	var ubik bookstore.Book
	if res.Status != 201 || res.Decode(&ubik) != nil || !kinveyID.MatchString(ubik.ID) || ubik.Title != "Ubik" {
		t.Fatalf("insert: %s", res)
	}
	if line, ok := logs.Find("book added"); !ok || line.Attrs["id"] != ubik.ID || line.Attrs["requestId"] != "req-7" || line.Level != "info" {
		t.Errorf("log line %+v", line)
	}
	if res := flextest.Do(svc, flextest.GetByID("books", ubik.ID)); res.Status != 200 {
		t.Errorf("the inserted book: %s", res)
	}

	wantError(t, flextest.Do(svc, flextest.Insert("books", bookstore.Book{Author: "Anon"})), 400, "BadRequest", "a book needs a title")
	wantError(t, flextest.Do(svc, flextest.Insert("books", map[string]any{"title": "T", "year": "1969"})), 400, "BadRequest",
		`field "year" must be a number`)
	wantError(t, flextest.Do(svc, flextest.Insert("books", bookstore.Book{ID: "1", Title: "Dup"})), 400, "BadRequest", "exists")
	wantError(t, flextest.Do(svc, flextest.Insert("books", bookstore.Book{Title: "Y", Year: -5})), 400, "BadRequest", "year")

	// insertMany: all or none.
	res = flextest.Do(svc, flextest.InsertMany("books", []bookstore.Book{{Title: "A"}, {Title: "B"}}))
	if res.Status != 201 || len(books(t, res)) != 2 {
		t.Errorf("insert many: %s", res)
	}
	res = flextest.Do(svc, flextest.InsertMany("books", []bookstore.Book{{Title: "C"}, {Title: ""}}))
	if e, _ := res.KinveyError(); res.Status != 400 || string(e.Debug) != `{"index":1,"reason":"a book needs a title"}` {
		t.Errorf("insert many with a bad book: %s", res)
	}
	res = flextest.Do(svc, flextest.InsertMany("books", []bookstore.Book{{ID: "z", Title: "C"}, {ID: "1", Title: "D"}}))
	wantError(t, res, 400, "BadRequest", "exists")
	if res := flextest.Do(svc, flextest.GetCount("books")); string(res.Body) != `{"count":7}` {
		t.Errorf("count after the inserts: %s", res)
	}

	// update: the path's id wins.
	res = flextest.Do(svc, flextest.Update("books", "2", bookstore.Book{ID: "other", Title: "Emma", Author: "J. Austen", Year: 1815}))
	var emma bookstore.Book
	if res.Status != 200 || res.Decode(&emma) != nil || emma.ID != "2" || emma.Author != "J. Austen" {
		t.Errorf("update: %s", res)
	}
	if res := flextest.Do(svc, flextest.GetByID("books", "other")); res.Status != 404 {
		t.Errorf("update created a book under the body's id: %s", res)
	}
	wantError(t, flextest.Do(svc, flextest.Update("books", "nope", bookstore.Book{Title: "T"})), 404, "NotFound", "no such book")
	wantError(t, flextest.Do(svc, flextest.Update("books", "2", bookstore.Book{})), 400, "BadRequest", "a book needs a title")
}

func TestDeletes(t *testing.T) {
	svc, logs := newBookstore(t)
	if res := flextest.Do(svc, flextest.DeleteByID("books", "1")); res.Status != 200 || string(res.Body) != `{"count":1}` {
		t.Errorf("delete by id: %s", res)
	}
	wantError(t, flextest.Do(svc, flextest.DeleteByID("books", "1")), 404, "NotFound", "no such book")

	if res := flextest.Do(svc, flextest.DeleteByQuery("books", map[string]string{"author": "Jane Austen"})); string(res.Body) != `{"count":2}` {
		t.Errorf("delete by query: %s", res)
	}
	// Selecting everything, or deleting all, takes the master secret.
	wantError(t, flextest.Do(svc, flextest.DeleteByQuery("books", map[string]string{})), 403, "Forbidden", "master secret")
	wantError(t, flextest.Do(svc, flextest.DeleteAll("books")), 403, "Forbidden", "master secret")
	wantError(t, flextest.Do(svc, flextest.DeleteAll("books").WithAppSecret("kid", "app")), 403, "Forbidden", "master secret")
	wantError(t, flextest.Do(svc, flextest.DeleteAll("books").WithAppKey("kid").WithBasicAuth("kid", "guess")), 403, "Forbidden", "master secret")
	wantError(t, flextest.Do(svc, flextest.DeleteByQuery("books", "[]")), 400, "BadRequest", "query must be a JSON object")
	if res := flextest.Do(svc, flextest.GetCount("books")); string(res.Body) != `{"count":1}` {
		t.Errorf("count: %s", res)
	}

	res := flextest.Do(svc, flextest.DeleteAll("books").WithMasterSecret("kid", "master"))
	if res.Status != 200 || string(res.Body) != `{"count":1}` {
		t.Errorf("delete all with the master secret: %s", res)
	}
	if line, ok := logs.Find("every book deleted"); !ok || line.Level != "warning" {
		t.Errorf("log %+v", line)
	}
	if res := flextest.Do(svc, flextest.GetAll("books")); string(res.Body) != `[]` {
		t.Errorf("after delete all: %s", res)
	}
}

func TestValidateBookHook(t *testing.T) {
	svc, logs := newBookstore(t)
	res := flextest.Do(svc, flextest.PreHook("validateBook", "POST", "books").
		WithBody(bookstore.Book{Title: "  Dune  ", Year: 1965}).WithUser("bob", "u1"))
	var b bookstore.Book
	if !res.Continue || res.DecodeResult(&b) != nil || b != (bookstore.Book{Title: "Dune", Year: 1965, AddedBy: "bob"}) {
		t.Errorf("valid book: %+v from %s", b, res)
	}
	if string(res.Hook.Request.TempObjectStore) != `{"validatedBy":"validateBook"}` {
		t.Errorf("tempObjectStore %s", res.Hook.Request.TempObjectStore)
	}
	if _, ok := logs.Find("book validated"); !ok {
		t.Errorf("no log line:\n%s", logs)
	}

	res = flextest.Do(svc, flextest.PreHook("validateBook", "PUT", "books").WithEntityID("1").WithBody(bookstore.Book{Author: "Anon"}))
	if res.Continue || res.Status != 400 {
		t.Errorf("a book without a title went on: %s", res)
	}
	wantError(t, res, 400, "BadRequest", "a book needs a title")

	// Reads and deletes go on untouched.
	res = flextest.Do(svc, flextest.PreHook("validateBook", "DELETE", "books").WithEntityID("1"))
	if !res.Continue || res.Status != 200 {
		t.Errorf("delete: %s", res)
	}
}

func TestRedactBookHook(t *testing.T) {
	svc, _ := newBookstore(t)
	tests := []struct {
		name, body, want string
	}{
		{"a list", `[{"_id":"1","title":"Dune","addedBy":"bob","_kmd":{"lmt":"x"}},{"_id":"2","title":"Emma"}]`,
			`[{"_id":"1","_kmd":{"lmt":"x"},"title":"Dune"},{"_id":"2","title":"Emma"}]`},
		{"one book", `{"_id":"1","title":"Dune","addedBy":"bob"}`, `{"_id":"1","title":"Dune"}`},
		{"not a book", `42`, `42`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := flextest.Do(svc, flextest.PostHook("redactBook", "GET", "books").WithResponse(200, []byte(tt.body)))
			if !res.Continue || string(res.Result()) != tt.want {
				t.Errorf("result %s, want %s (%s)", res.Result(), tt.want, res)
			}
		})
	}
}

func TestStatsEndpoint(t *testing.T) {
	svc, _ := newBookstore(t)
	res := flextest.Do(svc, flextest.CustomEndpoint("stats", nil))
	var s bookstore.Stats
	if res.Status != 200 || res.Continue || res.DecodeResult(&s) != nil || s != (bookstore.Stats{Books: 4, Authors: 3, Oldest: 1815}) {
		t.Errorf("stats %+v from %s", s, res)
	}
}

func TestLogin(t *testing.T) {
	svc, logs := newBookstore(t)
	login := flextest.Auth("login", bookstore.DemoUsername, bookstore.DemoPassword)
	var answer struct {
		Token         bookstore.Token `json:"token"`
		Authenticated bool            `json:"authenticated"`
		ExpiresIn     int             `json:"expires_in"`
	}
	res := flextest.Do(svc, login)
	if res.Status != 200 || res.Decode(&answer) != nil || !answer.Authenticated || answer.ExpiresIn != bookstore.TokenLifetime ||
		len(answer.Token.AccessToken) < 20 || answer.Token.TokenType != "bearer" || answer.Token.Scope != "read" || answer.Token.UserID != "demo-user" {
		t.Fatalf("login: %s", res)
	}
	first := answer.Token.AccessToken
	if err := flextest.Do(svc, login.WithOptions(bookstore.LoginOptions{Scope: "write"})).Decode(&answer); err != nil ||
		answer.Token.Scope != "write" || answer.Token.AccessToken == first {
		t.Errorf("second login: %+v", answer)
	}

	tests := []struct {
		name string
		req  flextest.Request
		want string
	}{
		{"wrong password", flextest.Auth("login", bookstore.DemoUsername, "guess"), `{"error":"access_denied","error_description":"bad credentials"}`},
		{"unknown user", flextest.Auth("login", "eve", bookstore.DemoPassword), `{"error":"access_denied","error_description":"bad credentials"}`},
		{"unknown scope", login.WithOptions(map[string]string{"scope": "admin"}), `{"error":"access_denied","error_description":"unknown scope admin"}`},
		{"options that do not decode", login.WithOptions(map[string]int{"scope": 1}), `{"error":"server_error","error_description":"the body does not decode into bookstore.LoginOptions: field \"scope\" must be a string, not number"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if res := flextest.Do(svc, tt.req); res.Status != 401 || string(res.Body) != tt.want {
				t.Errorf("answer %s, want 401 %s", res, tt.want)
			}
		})
	}
	if line, ok := logs.Find("login refused"); !ok || line.Attrs["username"] != bookstore.DemoUsername {
		t.Errorf("log %+v", line)
	}
	if strings.Contains(logs.String(), bookstore.DemoPassword) {
		t.Error("a password was logged")
	}
}

func TestSharedSecret(t *testing.T) {
	svc, _ := newBookstore(t, core.WithConfig(core.Config{SharedSecret: "s3cret"}))
	wantError(t, flextest.Do(svc, flextest.GetAll("books")), 401, "InvalidCredentials", "Authorization Key")
	if res := flextest.Do(svc, flextest.GetAll("books").WithSecret("s3cret")); res.Status != 200 {
		t.Errorf("with the secret: %s", res)
	}
}

// broken is a Storage whose every call fails.
type broken struct{}

var errDisk = errors.New("disk on fire at /var/lib/secret-path")

func (broken) Find(context.Context, *query.Query) ([]bookstore.Book, error) { return nil, errDisk }
func (broken) Count(context.Context, *query.Query) (int, error)             { return 0, errDisk }
func (broken) Get(context.Context, string) (bookstore.Book, error)          { return bookstore.Book{}, errDisk }
func (broken) Insert(context.Context, ...bookstore.Book) ([]bookstore.Book, error) {
	return nil, errDisk
}
func (broken) Update(context.Context, bookstore.Book) (bookstore.Book, error) {
	return bookstore.Book{}, errDisk
}
func (broken) Delete(context.Context, string) error                   { return errDisk }
func (broken) DeleteWhere(context.Context, *query.Query) (int, error) { return 0, errDisk }
func (broken) Authenticate(context.Context, string, string) (bookstore.User, error) {
	return bookstore.User{}, errDisk
}

func TestStorageFailuresAreNotLeaked(t *testing.T) {
	svc, logs := flextest.NewService(func(opts ...core.Option) *core.Service { return bookstore.NewWithStore(broken{}, opts...) })
	for _, req := range []flextest.Request{
		flextest.GetAll("books"), flextest.GetByID("books", "1"), flextest.GetCount("books"),
		flextest.Insert("books", bookstore.Book{Title: "T"}), flextest.Update("books", "1", bookstore.Book{Title: "T"}),
		flextest.DeleteByID("books", "1"), flextest.DeleteAll("books").WithMasterSecret("k", "m"),
		flextest.CustomEndpoint("stats", nil),
	} {
		res := flextest.Do(svc, req.WithRequestID("r-9"))
		wantError(t, res, 550, "FlexRuntimeError", "requestId r-9")
		if strings.Contains(string(res.Body), "fire") {
			t.Errorf("%s leaked the storage error: %s", req, res)
		}
	}
	res := flextest.Do(svc, flextest.Auth("login", "a", "b"))
	if res.Status != 401 || string(res.Body) != `{"error":"temporarily_unavailable","error_description":"the user table is unavailable"}` {
		t.Errorf("login: %s", res)
	}
	if line, ok := logs.Find("the catalogue failed"); !ok || line.Level != "error" || line.Attrs["error"] != errDisk.Error() {
		t.Errorf("log %+v", line)
	}
}

func TestNewWithStoreNil(t *testing.T) {
	defer func() {
		if p := recover(); p == nil {
			t.Error("no panic")
		}
	}()
	bookstore.NewWithStore(nil)
}

// Concurrent requests on one service (run with -race).
func TestConcurrentRequests(t *testing.T) {
	svc, _ := newBookstore(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 10 {
				res := flextest.Do(svc, flextest.Insert("books", bookstore.Book{Title: fmt.Sprintf("T%d-%d", i, j)}))
				if res.Status != 201 {
					t.Errorf("insert: %s", res)
					return
				}
				flextest.Do(svc, flextest.GetByQuery("books", map[string]string{"title": "Dune"}))
			}
		}()
	}
	wg.Wait()
	if res := flextest.Do(svc, flextest.GetCount("books")); string(res.Body) != `{"count":84}` {
		t.Errorf("count %s", res)
	}
}
