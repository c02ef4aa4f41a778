// Package http serves a flexgo [core.Service] over net/http: [Handler] is the http.Handler, and
// [Run] is a complete local or container server on FLEX_HOST:FLEX_PORT with server timeouts and a
// graceful drain on SIGTERM or SIGINT.
//
// A handler runs on its connection's goroutine, as any net/http handler does, and its answer is
// written and flushed the moment it completes (or its timeout budget runs out), even if it goes
// on working. The connection serves its next request once the handler has returned, so return
// soon after Done: work that outlives the answer belongs in [core.Task.Go]. A handler still
// running when its budget runs out gets its answer with "Connection: close", so the caller does
// not wait behind it.
//
// The package is named after its folder; import it under another name beside net/http:
//
//	import flexhttp "github.com/flexgo/flexgo/adapters/http"
package http
