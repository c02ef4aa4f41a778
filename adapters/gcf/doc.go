// Package gcf serves a flexgo [core.Service] on Google Cloud Functions (gen2) through
// github.com/GoogleCloudPlatform/functions-framework-go. The package holds no state: the user's
// function package registers [Handler] with functions.HTTP in its init(), the one place Cloud
// Functions allows:
//
//	func init() {
//		svc := bookstore.New(core.WithConfig(cfg), core.WithLogger(gcf.NewLogger(os.Stdout, slog.LevelInfo)))
//		functions.HTTP("FlexService", gcf.Handler(svc))
//	}
//
// Every Flex route is served below the function's root. The framework gives requests a deadline
// only when CLOUD_RUN_TIMEOUT_SECONDS is set; without one the core's FLEX_TIMEOUT still bounds each
// request. Logs are Cloud Logging's structured JSON ([NewLogHandler]), with the request's trace.
//
// Work that outlives the answer: Cloud Functions gives an instance CPU only while it serves a
// request, so [Task.Go] work would starve once the answer left. The handler therefore keeps each
// request open until the work that request started has ended (bounded by FLEX_BACKGROUND_LIMIT
// and the function's timeout): the caller waits for it. On Cloud Functions, answer first and work
// later is not possible; keep such work short, or move it to a queue.
//
// [Task.Go]: https://pkg.go.dev/github.com/flexgo/flexgo/core#Task.Go
package gcf
