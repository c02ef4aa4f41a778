// Command http serves the twin service on the net/http adapter:
//
//	FLEX_HOST=127.0.0.1 FLEX_PORT=10001 FLEX_SHARED_SECRET=s go run ./conformance/twin/cmd/http
package main

import (
	flexhttp "github.com/flexgo/flexgo/adapters/http"
	"github.com/flexgo/flexgo/conformance/twin"
)

func main() { flexhttp.Main(twin.New) }
