package bookstore_test

import (
	"fmt"

	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/core/flextest"
	"github.com/flexgo/flexgo/examples/bookstore/bookstore"
)

// The bookstore over a store of the caller's, asked as Kinvey asks.
func ExampleNewWithStore() {
	store := bookstore.NewStore(
		bookstore.Book{ID: "1", Title: "Dune", Author: "Frank Herbert", Year: 1965},
		bookstore.Book{ID: "2", Title: "Emma", Author: "Jane Austen", Year: 1815},
	)
	store.AddUser("ann", "u-ann", "correct horse")
	svc := bookstore.NewWithStore(store, core.WithConfig(core.Config{SharedSecret: "s3cret"}))

	for _, req := range []flextest.Request{
		flextest.GetByQuery("books", map[string]string{"author": "Jane Austen"}),
		flextest.GetByQuery("books", `{"year":{"$gte":1900}}`).WithParam("fields", "title"),
		flextest.GetByQuery("books", `{"year":{"$gte":"soon"`),
		flextest.GetByID("books", "3"),
		flextest.Insert("books", bookstore.Book{ID: "3", Title: ""}),
		flextest.GetCount("books"),
	} {
		fmt.Println(flextest.Do(svc, req.WithSecret("s3cret")))
	}
	// Output:
	// 200 [{"_id":"2","title":"Emma","author":"Jane Austen","year":1815}]
	// 200 [{"_id":"1","title":"Dune"}]
	// 400 {"error":"BadRequest","description":"Unable to understand request","debug":"bookstore: bad query: query must be a JSON object"}
	// 404 {"error":"NotFound","description":"The requested entity or entities were not found in the serviceObject","debug":"bookstore: no such book"}
	// 400 {"error":"BadRequest","description":"Unable to understand request","debug":"a book needs a title"}
	// 200 {"count":2}
}
