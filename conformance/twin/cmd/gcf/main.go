// Command gcf serves the twin service through functions-framework-go's own local server, as Cloud
// Functions would run it:
//
//	PORT=8080 FLEX_SHARED_SECRET=s go run ./conformance/twin/cmd/gcf
package main

import (
	"log/slog"
	"os"

	"github.com/GoogleCloudPlatform/functions-framework-go/funcframework"

	"github.com/flexgo/flexgo/adapters/gcf"
	"github.com/flexgo/flexgo/conformance/twin"
)

const target = "FlexService"

func main() {
	gcf.Register(target, twin.New)
	if os.Getenv("FUNCTION_TARGET") == "" {
		_ = os.Setenv("FUNCTION_TARGET", target) // serve it at "/", as Cloud Functions does
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	if err := funcframework.StartHostPort(os.Getenv("FLEX_HOST"), port); err != nil {
		slog.Error("functions framework", "error", err)
		os.Exit(1)
	}
}
