// Package http serves a flexgo [core.Service] over net/http: [Handler] is the http.Handler, and
// [Run] is a complete local or container server on FLEX_HOST:FLEX_PORT with server timeouts and a
// graceful drain on SIGTERM or SIGINT.
//
// The package is named after its folder; import it under another name beside net/http:
//
//	import flexhttp "github.com/flexgo/flexgo/adapters/http"
package http
