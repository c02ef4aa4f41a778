package backend_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/core/backend"
	"github.com/flexgo/flexgo/core/flextest"
)

// kinvey is a stand-in for the Kinvey backend: it prints each request and answers with answer.
func kinvey(answer func(r *http.Request) (int, string)) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Println("backend got", r.Method, r.RequestURI+strings.TrimRight(" "+string(body), " "))
		status, out := answer(r)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, out)
	}))
}

// task runs a FlexFunctions custom endpoint through a core.Service and hands its task to f, as a
// handler would use it.
func task(baasURL string, f func(ctx context.Context, t *core.Task)) {
	svc := core.NewService()
	svc.Function("run", func(ctx context.Context, fc *core.FunctionContext, c *core.Completion) {
		f(ctx, fc.Task)
		c.OK().Done()
	})
	flextest.Do(svc, flextest.CustomEndpoint("run", nil).
		WithUser("ann", "u1").
		WithAppMetadata(map[string]string{"_id": "kid_demo", "mastersecret": "ms", "baasUrl": baasURL}))
}

// A handler looks up the user who called and writes an audit record.
func ExampleNew() {
	srv := kinvey(func(r *http.Request) (int, string) {
		if r.Method == http.MethodGet {
			return 200, `{"_id":"u1","username":"ann","email":"ann@example.com"}`
		}
		return 201, `{"_id":"a1","user":"ann","action":"report"}`
	})
	defer srv.Close()

	task(srv.URL, func(ctx context.Context, t *core.Task) {
		bk := backend.New(t)
		type user struct {
			Username string `json:"username"`
			Email    string `json:"email"`
		}
		me, err := backend.Decode[user](bk.UserStore(backend.StoreOptions{}).GetCurrentUser(ctx))
		if err != nil {
			fmt.Println(err)
			return
		}
		audit := bk.DataStore(backend.StoreOptions{}).Collection("audit")
		saved, err := audit.Save(ctx, map[string]string{"user": me.Username, "action": "report"})
		fmt.Println(me.Email, string(saved), err)
	})
	// Output:
	// backend got GET /user/kid_demo/u1
	// backend got POST /appdata/kid_demo/audit/ {"action":"report","user":"ann"}
	// ann@example.com {"_id":"a1","user":"ann","action":"report"} <nil>
}

// params is a Query of fixed parameters; core/query's Query builds them in a real service.
type params url.Values

func (p params) ToQueryString() url.Values { return url.Values(p) }

// Find with a query: the parameters go in the query string, as the Node SDK writes them.
func ExampleCollection_Find() {
	srv := kinvey(func(*http.Request) (int, string) { return 200, `[{"_id":"1","title":"Dune"}]` })
	defer srv.Close()

	task(srv.URL, func(ctx context.Context, t *core.Task) {
		books := backend.New(t).DataStore(backend.StoreOptions{}).Collection("books")
		q := params{"query": {`{"author":"Frank Herbert"}`}, "limit": {"1"}}
		type book struct{ Title string }
		found, err := backend.Decode[[]book](books.Find(ctx, q))
		fmt.Println(found, err)
	})
	// Output:
	// backend got GET /appdata/kid_demo/books/?query=%7B%22author%22%3A%22Frank%20Herbert%22%7D&limit=1
	// [{Dune}] <nil>
}

// Kinvey's errors are *backend.Error values.
func ExampleError() {
	srv := kinvey(func(*http.Request) (int, string) {
		return 404, `{"error":"EntityNotFound","description":"This entity not found in the collection","debug":""}`
	})
	defer srv.Close()

	task(srv.URL, func(ctx context.Context, t *core.Task) {
		_, err := backend.New(t).DataStore(backend.StoreOptions{}).Collection("books").FindByID(ctx, "9")
		var be *backend.Error
		if errors.As(err, &be) && be.StatusCode == http.StatusNotFound {
			fmt.Println("no such book:", be.Name)
		}
		fmt.Println(err)
	})
	// Output:
	// backend got GET /appdata/kid_demo/books/9
	// no such book: EntityNotFound
	// backend: 404 EntityNotFound: This entity not found in the collection
}

// A call the Node SDK refuses to make fails without reaching the backend.
func ExampleCollection_Save_refused() {
	task("http://127.0.0.1:1", func(ctx context.Context, t *core.Task) {
		_, err := backend.New(t).DataStore(backend.StoreOptions{}).Collection("books").Save(ctx, nil)
		fmt.Println(err)
	})
	// Output:
	// backend: DataStoreError: Bad Request (entity is required)
}

// More than 100 entities are saved in batches of 100; the answers are merged.
func ExampleCollection_Save_batches() {
	batch := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var got []json.RawMessage
		_ = json.NewDecoder(r.Body).Decode(&got)
		fmt.Printf("batch %d: %d entities\n", batch, len(got))
		batch++
		// Each batch's error indexes are relative to it.
		fmt.Fprintf(w, `{"entities":[],"errors":[{"index":%d,"errmsg":"duplicate"}]}`, len(got)-1)
	}))
	defer srv.Close()

	task(srv.URL, func(ctx context.Context, t *core.Task) {
		books := make([]map[string]int, 250)
		for i := range books {
			books[i] = map[string]int{"n": i}
		}
		res, err := backend.New(t).DataStore(backend.StoreOptions{}).Collection("books").Save(ctx, books)
		fmt.Println(string(res), err)
	})
	// Output:
	// batch 0: 100 entities
	// batch 1: 100 entities
	// batch 2: 50 entities
	// {"entities":[],"errors":[{"index":99,"errmsg":"duplicate"},{"index":199,"errmsg":"duplicate"},{"index":249,"errmsg":"duplicate"}]} <nil>
}

func ExampleEmail_Send() {
	srv := kinvey(func(*http.Request) (int, string) { return 200, `{"mailServerResponse":"250 queued"}` })
	defer srv.Close()

	task(srv.URL, func(ctx context.Context, t *core.Task) {
		res, err := backend.New(t).Email().Send(ctx, backend.EmailMessage{
			From: "shop@example.com", To: "ann@example.com", Subject: "Your order", TextBody: "Shipped.",
		})
		fmt.Println(string(res), err)
	})
	// Output:
	// backend got POST /rpc/kid_demo/send-email {"from":"shop@example.com","to":"ann@example.com","cc":null,"bcc":null,"subject":"Your order","replyTo":null,"body":"Shipped.","html":null}
	// "250 queued" <nil>
}

func ExamplePush_SendMessage() {
	srv := kinvey(func(*http.Request) (int, string) { return 200, `{"ios":1,"android":0}` })
	defer srv.Close()

	task(srv.URL, func(ctx context.Context, t *core.Task) {
		user := map[string]string{"_id": "u1"}
		res, err := backend.New(t).Push().SendMessage(ctx, user, "Your order shipped")
		fmt.Println(string(res), err)
	})
	// Output:
	// backend got POST /push/kid_demo/sendMessage {"recipients":[{"_id":"u1"}],"messageContent":"Your order shipped"}
	// {"ios":1,"android":0} <nil>
}

func ExampleEndpoint_Execute() {
	srv := kinvey(func(*http.Request) (int, string) { return 200, `{"books":4}` })
	defer srv.Close()

	task(srv.URL, func(ctx context.Context, t *core.Task) {
		runner := backend.New(t).EndpointRunner(backend.StoreOptions{})
		res, err := runner.Endpoint("stats").Execute(ctx, map[string]string{"since": "1900"})
		fmt.Println(string(res), err)
	})
	// Output:
	// backend got POST /rpc/kid_demo/custom/stats {"since":"1900"}
	// {"books":4} <nil>
}

func ExampleDecode() {
	type count struct{ Count int }
	n, err := backend.Decode[count](json.RawMessage(`{"count":3}`), nil)
	fmt.Println(n.Count, err)
	// Output:
	// 3 <nil>
}
