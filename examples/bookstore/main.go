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
	"context"
	"fmt"
	"os"

	"github.com/flexgo/flexgo/adapters/env"
	flexhttp "github.com/flexgo/flexgo/adapters/http"
	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/examples/bookstore/bookstore"
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run serves until ctx is done or a signal arrives.
func run(ctx context.Context) error {
	cfg, err := env.Load(core.Config{})
	if err != nil {
		return err
	}
	svc := bookstore.New(core.WithConfig(cfg))
	if collection := os.Getenv("BOOKSTORE_KINVEY_COLLECTION"); collection != "" {
		accounts := bookstore.NewStore()
		accounts.AddUser(bookstore.DemoUsername, "demo-user", bookstore.DemoPassword)
		svc = bookstore.NewOnKinvey(bookstore.KinveyConfig{Collection: collection, Accounts: accounts},
			core.WithConfig(cfg))
	}
	return flexhttp.Run(ctx, svc)
}
