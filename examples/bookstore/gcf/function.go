// Package function is the bookstore example as a Google Cloud Functions (gen2) function: the
// entry point is FlexService. Cloud Functions builds this package alone, so the upload is
// assembled by `go run ./tools/gcfsource` (go.mod and vendor/ included) and deployed by
// terraform/.
package function

import (
	"log/slog"
	"os"

	// The generated main of Cloud Functions' Go build imports funcframework; importing it here
	// keeps it in vendor/, so the vendored upload builds with no network.
	_ "github.com/GoogleCloudPlatform/functions-framework-go/funcframework"
	"github.com/GoogleCloudPlatform/functions-framework-go/functions"

	"github.com/flexgo/flexgo/adapters/env"
	"github.com/flexgo/flexgo/adapters/gcf"
	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/examples/bookstore/bookstore"
)

// init registers the function: the one registration Cloud Functions allows, in the user's package.
func init() {
	cfg, err := env.Load(core.Config{})
	if err != nil {
		functions.HTTP("FlexService", gcf.ConfigErrorHandler(err))
		return
	}
	level, _ := core.ParseLogLevel(cfg.LogLevel)
	logger := gcf.NewLogger(os.Stdout, level)
	functions.HTTP("FlexService", gcf.Handler(bookstore.New(core.WithConfig(cfg), core.WithLogger(logger))))
	slog.New(logger.Handler()).Debug("flexgo bookstore registered as FlexService")
}
