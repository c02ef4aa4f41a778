package gcf

import (
	"log/slog"
	"os"

	"github.com/GoogleCloudPlatform/functions-framework-go/functions"

	"github.com/flexgo/flexgo/adapters/env"
	"github.com/flexgo/flexgo/core"
)

// Register is the whole init function of a Cloud Function serving a Flex service: it loads the
// configuration ([env.Load]; on Cloud Functions the shared secret arrives from Secret Manager as
// the FLEX_SHARED_SECRET variable), builds the service with newService (given core.WithConfig and
// a Cloud Logging logger), and registers it with functions.HTTP under target, the function's
// entry point:
//
//	func init() { gcf.Register("FlexService", bookstore.New) }
//
// The function package must import github.com/GoogleCloudPlatform/functions-framework-go/functions
// itself (a blank import will do): Google's Go buildpack reads the package's imports to decide
// that its function is registered in init. It must also import .../funcframework, which the
// buildpack's generated main uses, so that a vendored upload holds it.
//
// When the configuration is invalid, the reason is logged and [ConfigErrorHandler] is registered
// instead: every request gets a JSON 500 naming it, rather than the instance failing to start.
func Register(target string, newService func(...core.Option) *core.Service) {
	cfg, err := env.Load(core.Config{})
	level, _ := core.ParseLogLevel(cfg.LogLevel)
	logger := NewLogger(os.Stdout, level)
	if err != nil {
		logger.Error(err.Error())
		functions.HTTP(target, ConfigErrorHandler(err))
		return
	}
	svc := newService(core.WithConfig(cfg), core.WithLogger(logger))
	for _, w := range svc.Warnings() {
		logger.Warn(w)
	}
	functions.HTTP(target, Handler(svc))
	logger.Debug("flexgo service registered", slog.String("target", target))
}
