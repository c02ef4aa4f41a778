package bookstore_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/core/flextest"
	"github.com/flexgo/flexgo/core/query"
	"github.com/flexgo/flexgo/examples/bookstore/bookstore"
)

const (
	kinveyApp    = "kid_books"
	kinveyMaster = "master-secret"
)

// fakeKinvey is a Kinvey backend holding one collection in memory: the appdata routes the data
// store uses, with queries evaluated by core/query. It refuses requests without the
// master secret, or that would run business logic.
type fakeKinvey struct {
	*httptest.Server
	t          *testing.T
	collection string
	mu         sync.Mutex
	order      []string
	books      map[string]json.RawMessage
	calls      []string
	down       bool
	nextID     int
}

func newFakeKinvey(t *testing.T, collection string, books ...bookstore.Book) *fakeKinvey {
	f := &fakeKinvey{t: t, collection: collection, books: map[string]json.RawMessage{}}
	for _, b := range books {
		raw, _ := json.Marshal(b)
		f.put(b.ID, raw)
	}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

// metadata is the X-Kinvey-App-Metadata Kinvey sends for the app.
func (f *fakeKinvey) metadata() map[string]string {
	return map[string]string{"_id": kinveyApp, "mastersecret": kinveyMaster, "appsecret": "app-secret", "baasUrl": f.URL}
}

func (f *fakeKinvey) put(id string, raw json.RawMessage) {
	if _, ok := f.books[id]; !ok {
		f.order = append(f.order, id)
	}
	f.books[id] = raw
}

func answer(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func kinveyErrorBody(name, description string) map[string]string {
	return map[string]string{"error": name, "description": description, "debug": ""}
}

func (f *fakeKinvey) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, r.Method+" "+r.URL.RequestURI())
	master := "Basic " + base64.StdEncoding.EncodeToString([]byte(kinveyApp+":"+kinveyMaster))
	if r.Header.Get("Authorization") != master || r.Header.Get("X-Kinvey-Skip-Business-Logic") != "true" {
		answer(w, 401, kinveyErrorBody("InvalidCredentials", "Invalid credentials"))
		return
	}
	if f.down {
		answer(w, 500, kinveyErrorBody("KinveyInternalErrorRetry", "The Kinvey server encountered an unexpected error."))
		return
	}
	prefix := "/appdata/" + kinveyApp + "/" + f.collection + "/"
	if !strings.HasPrefix(r.URL.Path, prefix) {
		answer(w, 404, kinveyErrorBody("CollectionNotFound", "This collection not found for this app backend"))
		return
	}
	id := strings.TrimPrefix(r.URL.Path, prefix)
	body, _ := io.ReadAll(r.Body)
	switch {
	case (r.Method == "GET" || r.Method == "DELETE") && (id == "" || id == "_count/"):
		found, err := f.find(r)
		switch {
		case err != nil:
			answer(w, 400, kinveyErrorBody("BadRequest", err.Error()))
		case r.Method == "DELETE":
			f.remove(func(k string) bool {
				return slices.ContainsFunc(found, func(b map[string]any) bool { return b["_id"] == k })
			})
			answer(w, 200, map[string]int{"count": len(found)})
		case id == "_count/":
			answer(w, 200, map[string]int{"count": len(found)})
		default:
			answer(w, 200, found)
		}
	case r.Method == "GET":
		if b, ok := f.books[id]; ok {
			answer(w, 200, b)
			return
		}
		answer(w, 404, kinveyErrorBody("EntityNotFound", "This entity not found in the collection"))
	case r.Method == "POST" && id == "" && bytes.HasPrefix(body, []byte("[")):
		var list []map[string]any
		_ = json.Unmarshal(body, &list)
		res := map[string][]any{"entities": {}, "errors": {}}
		for i, b := range list {
			if saved, ok := f.insert(b); ok {
				res["entities"] = append(res["entities"], saved)
			} else {
				res["entities"] = append(res["entities"], nil)
				res["errors"] = append(res["errors"], map[string]any{"index": i, "code": 11000, "errmsg": "E11000 duplicate key error"})
			}
		}
		answer(w, 207, res)
	case r.Method == "POST" && id == "":
		var b map[string]any
		_ = json.Unmarshal(body, &b)
		if saved, ok := f.insert(b); ok {
			answer(w, 201, saved)
			return
		}
		answer(w, 409, kinveyErrorBody("EntityAlreadyExists", "An entity with that _id already exists in this collection"))
	case r.Method == "PUT":
		f.put(id, body)
		answer(w, 200, json.RawMessage(body))
	case r.Method == "DELETE" && id != "":
		n := 0
		if _, ok := f.books[id]; ok {
			f.remove(func(k string) bool { return k == id })
			n = 1
		}
		answer(w, 200, map[string]int{"count": n})
	default:
		answer(w, 400, kinveyErrorBody("BadRequest", "Unable to understand request"))
	}
}

func (f *fakeKinvey) insert(b map[string]any) (map[string]any, bool) {
	id, _ := b["_id"].(string)
	if id == "" {
		f.nextID++
		id = fmt.Sprintf("%024x", f.nextID)
		b["_id"] = id
	}
	if _, taken := f.books[id]; taken {
		return nil, false
	}
	raw, _ := json.Marshal(b)
	f.put(id, raw)
	return b, true
}

func (f *fakeKinvey) remove(drop func(id string) bool) {
	f.order = slices.DeleteFunc(f.order, func(id string) bool {
		if drop(id) {
			delete(f.books, id)
			return true
		}
		return false
	})
}

// find evaluates the query string's query, sort, skip, limit and fields with core/query, as
// the Node SDK's query.process would; a query it cannot evaluate is answered 400.
func (f *fakeKinvey) find(r *http.Request) ([]map[string]any, error) {
	p := r.URL.Query()
	var opts query.Options
	if s := p.Get("query"); s != "" {
		opts.Filter = json.RawMessage(s)
	}
	if s := p.Get("sort"); s != "" {
		opts.Sort = json.RawMessage(s)
	}
	if s := p.Get("fields"); s != "" {
		opts.Fields = strings.Split(s, ",")
	}
	if s := p.Get("skip"); s != "" {
		opts.Skip = s
	}
	if s := p.Get("limit"); s != "" {
		opts.Limit = s
	}
	docs := make([]any, len(f.order))
	for i, id := range f.order {
		var b map[string]any
		_ = json.Unmarshal(f.books[id], &b)
		docs[i] = b
	}
	docs, err := query.FromOptions(opts).Process(docs)
	out := make([]map[string]any, len(docs))
	for i, d := range docs {
		out[i] = d.(map[string]any)
	}
	return out, err
}

func (f *fakeKinvey) requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

func TestOnKinvey(t *testing.T) {
	kinvey := newFakeKinvey(t, bookstore.DefaultCatalogue, bookstore.SampleBooks()...)
	accounts := bookstore.NewStore()
	accounts.AddUser("ann", "u-ann", "pw")
	svc, _ := flextest.NewService(func(opts ...core.Option) *core.Service {
		return bookstore.NewOnKinvey(bookstore.KinveyConfig{Accounts: accounts}, opts...)
	})
	do := func(req flextest.Request) *flextest.Response {
		return flextest.Do(svc, req.WithAppMetadata(kinvey.metadata()))
	}

	austen := map[string]string{"author": "Jane Austen"}
	for _, tc := range []struct {
		name   string
		req    flextest.Request
		titles []string
		sent   string
	}{
		{"all", flextest.GetAll("books"), []string{"Dune", "Emma", "Neuromancer", "Persuasion"},
			"GET /appdata/kid_books/bookCatalogue/"},
		{"by query, sorted and limited", flextest.GetByQuery("books", austen).WithSort(map[string]int{"year": -1}).WithLimit(1),
			[]string{"Persuasion"},
			"GET /appdata/kid_books/bookCatalogue/?query=%7B%22author%22%3A%22Jane%20Austen%22%7D&limit=1&sort=%7B%22year%22%3A-1%7D"},
		{"skipped", flextest.GetAll("books").WithSkip(3), []string{"Persuasion"},
			"GET /appdata/kid_books/bookCatalogue/?skip=3"},
		{"operators and fields", flextest.GetByQuery("books", `{"$or":[{"year":{"$gte":1900}},{"title":{"$regex":"^E"}}]}`).
			WithParam("fields", "title").WithSort(`{"title":-1}`),
			[]string{"Neuromancer", "Emma", "Dune"},
			"GET /appdata/kid_books/bookCatalogue/?query=%7B%22%24or%22%3A%5B%7B%22year%22%3A%7B%22%24gte%22%3A1900%7D%7D%2C%7B%22title%22%3A%7B%22%24regex%22%3A%22%5EE%22%7D%7D%5D%7D&fields=title&sort=%7B%22title%22%3A-1%7D"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(kinvey.requests())
			res := do(tc.req)
			if res.Status != 200 {
				t.Fatalf("answer %s", res)
			}
			if got := titles(books(t, res)); !reflect.DeepEqual(got, tc.titles) {
				t.Errorf("titles %v, want %v", got, tc.titles)
			}
			if sent := kinvey.requests()[before:]; len(sent) != 1 || sent[0] != tc.sent {
				t.Errorf("sent %v, want %s", sent, tc.sent)
			}
		})
	}

	var dune bookstore.Book
	if res := do(flextest.GetByID("books", "1")); res.Status != 200 || res.Decode(&dune) != nil || dune.Title != "Dune" {
		t.Errorf("get by id: %s", res)
	}
	wantError(t, do(flextest.GetByID("books", "nope")), 404, "NotFound", "EntityNotFound")
	if res := do(flextest.GetCountByQuery("books", austen)); res.Status != 200 || string(res.Body) != `{"count":2}` {
		t.Errorf("count: %s", res)
	}
	// A count sends only the filter.
	before := len(kinvey.requests())
	if res := do(flextest.GetCountByQuery("books", `{"year":{"$lt":1900}}`).WithLimit(1)); res.Status != 200 || string(res.Body) != `{"count":2}` {
		t.Errorf("count by an operator: %s", res)
	}
	if sent := kinvey.requests()[before:]; len(sent) != 1 || sent[0] != "GET /appdata/kid_books/bookCatalogue/_count/?query=%7B%22year%22%3A%7B%22%24lt%22%3A1900%7D%7D" {
		t.Errorf("sent %v", sent)
	}
	// Kinvey judges the operators: its 400 is the client's 400.
	wantError(t, do(flextest.GetByQuery("books", `{"year":{"$around":1}}`)), 400, "BadRequest", "Unknown operation $around")

	// Writes.
	res := do(flextest.Insert("books", bookstore.Book{Title: "Ubik", Author: "Philip K. Dick", Year: 1969}).WithUser("ann", "u-ann"))
	var ubik bookstore.Book
	if res.Status != 201 || res.Decode(&ubik) != nil || ubik.ID == "" || ubik.Title != "Ubik" {
		t.Fatalf("insert: %s", res)
	}
	wantError(t, do(flextest.Insert("books", bookstore.Book{ID: "1", Title: "Dup"})), 400, "BadRequest", "exists")
	res = do(flextest.InsertMany("books", []bookstore.Book{{Title: "A"}, {Title: "B"}}))
	if res.Status != 201 || len(books(t, res)) != 2 {
		t.Errorf("insert many: %s", res)
	}
	wantError(t, do(flextest.InsertMany("books", []bookstore.Book{{Title: "C"}, {ID: "2", Title: "Dup"}})), 400, "BadRequest", "index 1")
	if res := do(flextest.Update("books", ubik.ID, bookstore.Book{Title: "Ubik!", Year: 1969})); res.Status != 200 {
		t.Errorf("update: %s", res)
	}
	wantError(t, do(flextest.Update("books", "nope", bookstore.Book{Title: "X"})), 404, "NotFound", "no such book")
	if res := do(flextest.DeleteByID("books", ubik.ID)); res.Status != 200 {
		t.Errorf("delete: %s", res)
	}
	wantError(t, do(flextest.DeleteByID("books", ubik.ID)), 404, "NotFound", "no such book")
	if res := do(flextest.DeleteByQuery("books", map[string]string{"title": "A"})); res.Status != 200 || string(res.Body) != `{"count":1}` {
		t.Errorf("delete by query: %s", res)
	}

	// The stats endpoint reads the catalogue too; login checks the accounts.
	var s bookstore.Stats
	if res := do(flextest.CustomEndpoint("stats", nil)); res.Status != 200 || json.Unmarshal(res.Result(), &s) != nil || s.Oldest != 1815 {
		t.Errorf("stats: %s", res)
	}
	if res := do(flextest.Auth("login", "ann", "pw")); res.Status != 200 {
		t.Errorf("login: %s", res)
	}
	if res := do(flextest.Auth("login", "ann", "wrong")); res.Status == 200 {
		t.Errorf("login with a wrong password: %s", res)
	}
}

// When Kinvey fails, the handler answers a runtime error that names the request, not Kinvey's
// answer.
func TestOnKinveyDown(t *testing.T) {
	kinvey := newFakeKinvey(t, "shelf")
	kinvey.down = true
	svc, logs := flextest.NewService(func(opts ...core.Option) *core.Service {
		return bookstore.NewOnKinvey(bookstore.KinveyConfig{Collection: "shelf"}, opts...)
	})
	res := flextest.Do(svc, flextest.GetAll("books").WithAppMetadata(kinvey.metadata()).WithRequestID("req-9"))
	wantError(t, res, 550, "FlexRuntimeError", "req-9")
	if line, ok := logs.Find("the catalogue failed"); !ok || !strings.Contains(fmt.Sprint(line.Attrs["error"]), "KinveyInternalErrorRetry") {
		t.Errorf("log line %+v", line)
	}
	if sent := kinvey.requests(); len(sent) != 1 || sent[0] != "GET /appdata/kid_books/shelf/" {
		t.Errorf("sent %v", sent)
	}
	// Without accounts, nobody logs in.
	if res := flextest.Do(svc, flextest.Auth("login", "demo", bookstore.DemoPassword).WithAppMetadata(kinvey.metadata())); res.Status == 200 {
		t.Errorf("login: %s", res)
	}
}
