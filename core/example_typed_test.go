package core_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/core/flextest"
)

type Book struct {
	ID    string `json:"_id,omitempty"`
	Title string `json:"title"`
}

// A typed FlexData handler: the body arrives as a Book, the answer must be a Book, and the builder
// is the usual one. A body that does not decode is answered 400 before the handler runs.
func ExampleTyped() {
	svc := core.NewService()
	svc.ServiceObject("books").OnInsert(core.Typed(func(ctx context.Context, req *core.DataRequest, b Book, c *core.Reply[Book]) {
		if b.Title == "" {
			c.BadRequest("a book needs a title").Done()
			return
		}
		b.ID = "new"
		c.SetBody(b).Created().Next()
	}))

	fmt.Println(flextest.Do(svc, flextest.Insert("books", Book{Title: "Dune"})))
	fmt.Println(flextest.Do(svc, flextest.Insert("books", Book{})))
	fmt.Println(flextest.Do(svc, flextest.Insert("books", map[string]int{"title": 42})))
	// Output:
	// 201 {"_id":"new","title":"Dune"}
	// 400 {"error":"BadRequest","description":"Unable to understand request","debug":"a book needs a title"}
	// 400 {"error":"BadRequest","description":"Unable to understand request","debug":"the body does not decode into core_test.Book: field \"title\" must be a string, not number"}
}

// Events without a body take core.NoBody; a nil slice answers [].
func ExampleTyped_noBody() {
	svc := core.NewService()
	svc.ServiceObject("books").OnGetAll(core.Typed(func(ctx context.Context, req *core.DataRequest, _ core.NoBody, c *core.Reply[[]Book]) {
		var books []Book // nothing found
		c.SetBody(books).OK().Next()
	}))
	fmt.Println(flextest.Do(svc, flextest.GetAll("books")))
	// Output:
	// 200 []
}

// A typed pre hook: SetBody(v).Next() hands Kinvey the new body.
func ExampleTypedFunction() {
	svc := core.NewService()
	svc.Function("shout", core.TypedFunction(func(ctx context.Context, fc *core.FunctionContext, b Book, c *core.Reply[Book]) {
		b.Title = strings.ToUpper(b.Title)
		c.SetBody(b).Next()
	}))
	res := flextest.Do(svc, flextest.PreHook("shout", "POST", "books").WithBody(Book{Title: "Dune"}))
	fmt.Println(res.Continue, string(res.Result()))
	// Output:
	// true {"title":"DUNE"}
}

// A typed FlexAuth handler: the client's options arrive decoded.
func ExampleTypedAuth() {
	type options struct {
		Scope string `json:"scope"`
	}
	svc := core.NewService()
	svc.Auth("login", core.TypedAuth(func(ctx context.Context, req *core.AuthRequest, o options, c *core.AuthCompletion) {
		if req.Credentials.Password != "pw" {
			c.AccessDenied("bad credentials").Done()
			return
		}
		c.SetToken(map[string]string{"access_token": "t-" + req.Credentials.Username, "scope": o.Scope}).OK().Done()
	}))
	fmt.Println(flextest.Do(svc, flextest.Auth("login", "ann", "pw").WithOptions(options{Scope: "read"})))
	// Output:
	// 200 {"token":{"access_token":"t-ann","scope":"read"},"authenticated":true}
}
