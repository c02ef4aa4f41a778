// Command lambda is the bookstore example as an AWS Lambda bootstrap; template.yaml builds it
// with `sam build` (BuildMethod go1.x) for provided.al2023 on arm64.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/flexgo/flexgo/adapters/env"
	"github.com/flexgo/flexgo/adapters/lambda"
	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/examples/bookstore/bookstore"
)

func main() {
	cfg, err := env.Load(core.Config{})
	if err == nil {
		err = lambda.ResolveSharedSecret(context.Background(), &cfg) // FLEX_SHARED_SECRET_ARN
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	lambda.Start(bookstore.New(core.WithConfig(cfg)))
}
