package flextest_test

import (
	"context"
	"fmt"

	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/core/flextest"
)

type book struct {
	ID    string `json:"_id"`
	Title string `json:"title"`
}

// newBooks is a small service for the examples: a service object, a pre hook and a login.
func newBooks(opts ...core.Option) *core.Service {
	svc := core.NewService(opts...)
	svc.ServiceObject("books").OnGetByID(func(ctx context.Context, req *core.DataRequest, c *core.Completion) {
		if req.EntityID != "1" {
			c.NotFound("no book " + req.EntityID).Next()
			return
		}
		req.Logger().Info("book read", "user", req.Username)
		c.SetBody(book{ID: "1", Title: "Dune"}).OK().Next()
	})
	svc.Function("requireTitle", func(ctx context.Context, fc *core.FunctionContext, c *core.Completion) {
		var b book
		if err := fc.Decode(&b); err != nil || b.Title == "" {
			c.BadRequest("a book needs a title").Done()
			return
		}
		b.Title += " (checked)"
		c.SetBody(b).Next()
	})
	svc.Auth("login", func(ctx context.Context, req *core.AuthRequest, c *core.AuthCompletion) {
		if req.Credentials.Password != "pw" {
			c.AccessDenied("bad credentials").Done()
			return
		}
		c.SetToken(map[string]string{"access_token": "t-" + req.Credentials.Username}).OK().Done()
	})
	return svc
}

// A FlexData request with Kinvey's headers, its answer decoded, and what the handler logged.
func ExampleDo() {
	svc, logs := flextest.NewService(newBooks, core.WithConfig(core.Config{SharedSecret: "s3cret"}))

	res := flextest.Do(svc, flextest.GetByID("books", "1").WithUser("bob", "u1").WithSecret("s3cret"))
	var b book
	if err := res.Decode(&b); err != nil {
		fmt.Println(err)
	}
	fmt.Println(res.Status, b.Title)

	line, _ := logs.Find("book read")
	fmt.Println(line.Level, line.Message, line.Attrs["user"])

	res = flextest.Do(svc, flextest.GetByID("books", "1")) // no shared secret
	e, _ := res.KinveyError()
	fmt.Println(res.Status, e.Error)
	// Output:
	// 200 Dune
	// info book read bob
	// 401 InvalidCredentials
}

// A pre hook: Continue says whether Kinvey goes on, Result is the body it goes on with.
func ExamplePreHook() {
	svc := newBooks()

	res := flextest.Do(svc, flextest.PreHook("requireTitle", "POST", "books").WithBody(book{Title: "Dune"}))
	var b book
	_ = res.DecodeResult(&b)
	fmt.Println(res.Status, res.Continue, b.Title)

	res = flextest.Do(svc, flextest.PreHook("requireTitle", "POST", "books").WithBody(book{}))
	e, _ := res.KinveyError()
	fmt.Println(res.Status, res.Continue, e.Error, e.DebugText())
	// Output:
	// 200 true Dune (checked)
	// 400 false BadRequest a book needs a title
}

// A FlexAuth call.
func ExampleAuth() {
	svc := newBooks()
	for _, password := range []string{"pw", "guess"} {
		fmt.Println(flextest.Do(svc, flextest.Auth("login", "ann", password)))
	}
	// Output:
	// 200 {"token":{"access_token":"t-ann"},"authenticated":true}
	// 401 {"error":"access_denied","error_description":"bad credentials"}
}

// Requests print as their request line, for test names.
func ExampleRequest_String() {
	fmt.Println(flextest.GetByQuery("books", map[string]string{"author": "Jane Austen"}).WithLimit(2))
	fmt.Println(flextest.DeleteByID("books", "a/b"))
	fmt.Println(flextest.PostHook("redact", "GET", "books"))
	// Output:
	// GET /books?query=%7B%22author%22%3A%22Jane+Austen%22%7D&limit=2
	// DELETE /books/a%2Fb
	// POST /_flexFunctions/redact (post GET books)
}

// Discovery lists what the service registered.
func ExampleDiscover() {
	fmt.Println(flextest.Do(newBooks(), flextest.Discover()))
	// Output:
	// 200 {"dataLink":{"serviceObjects":["books"]},"businessLogic":{"handlers":["requireTitle"]},"auth":{"handlers":["login"]}}
}
