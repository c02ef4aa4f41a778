// Command http serves the twin service on the net/http adapter:
//
//	FLEX_HOST=127.0.0.1 FLEX_PORT=10001 FLEX_SHARED_SECRET=s go run ./conformance/twin/cmd/http
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/flexgo/flexgo/adapters/env"
	flexhttp "github.com/flexgo/flexgo/adapters/http"
	"github.com/flexgo/flexgo/conformance/twin"
	"github.com/flexgo/flexgo/core"
)

func main() {
	cfg, err := env.Load(core.Config{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if err := flexhttp.Run(context.Background(), twin.New(core.WithConfig(cfg))); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
