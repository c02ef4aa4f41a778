// Command bookstore serves the bookstore example on net/http, on localhost:10001 unless FLEX_HOST
// and FLEX_PORT say otherwise (every FLEX_* variable applies, see adapters/env):
//
//	go run ./examples/bookstore
//	curl localhost:10001/books/1
//	curl -X POST localhost:10001/_auth/login -H 'Content-Type: application/json' \
//	     -d '{"username":"demo","password":"demo-password"}'
//
// With BOOKSTORE_KINVEY_COLLECTION set, the books live in that collection of the Kinvey app the
// service is registered with (reached with core/backend's data store, see bookstore.NewOnKinvey)
// instead of in memory; logins are still checked against the sample users.
//
// It stops, after draining requests in flight, on SIGTERM or SIGINT.
package main

import (
	"os"

	flexhttp "github.com/flexgo/flexgo/adapters/http"
	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/examples/bookstore/bookstore"
)

func main() { flexhttp.Main(newService) }

// newService is the bookstore over memory, or over a Kinvey collection when
// BOOKSTORE_KINVEY_COLLECTION names one.
func newService(opts ...core.Option) *core.Service {
	if collection := os.Getenv("BOOKSTORE_KINVEY_COLLECTION"); collection != "" {
		accounts := bookstore.NewStore()
		accounts.AddUser(bookstore.DemoUsername, "demo-user", bookstore.DemoPassword)
		return bookstore.NewOnKinvey(bookstore.KinveyConfig{Collection: collection, Accounts: accounts}, opts...)
	}
	return bookstore.New(opts...)
}
