// Command lambda is the twin service as an AWS Lambda bootstrap (provided.al2023):
//
//	GOOS=linux GOARCH=arm64 go build -tags lambda.norpc -o bootstrap ./conformance/twin/cmd/lambda
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/flexgo/flexgo/adapters/env"
	"github.com/flexgo/flexgo/adapters/lambda"
	"github.com/flexgo/flexgo/conformance/twin"
	"github.com/flexgo/flexgo/core"
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
	lambda.Start(twin.New(core.WithConfig(cfg)))
}
