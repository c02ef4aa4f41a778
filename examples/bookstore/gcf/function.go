// Package function is the bookstore example as a Google Cloud Functions (gen2) function: the
// entry point is FlexService. Cloud Functions builds this package alone, so the upload is
// assembled by `go run ./tools/gcfsource` (go.mod and vendor/ included) and deployed by
// terraform/.
package function

import (
	// The main Cloud Functions' Go build generates imports funcframework; importing it here keeps
	// it in vendor/, so the vendored upload builds with no network.
	_ "github.com/GoogleCloudPlatform/functions-framework-go/funcframework"
	// Google's Go buildpack treats a function package as declarative (registered in init, as
	// gcf.Register does) only when it imports the framework's functions package itself.
	_ "github.com/GoogleCloudPlatform/functions-framework-go/functions"

	"github.com/flexgo/flexgo/adapters/gcf"
	"github.com/flexgo/flexgo/examples/bookstore/bookstore"
)

// init registers the function: the one registration Cloud Functions allows, in the user's package.
func init() { gcf.Register("FlexService", bookstore.New) }
