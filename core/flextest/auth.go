package flextest

import (
	"net/http"
	"net/url"
)

// Auth is a FlexAuth call, POST /_auth/:handler with {"username", "password"}; add the
// client's options with WithOptions.
func Auth(handler, username, password string) Request {
	r := newRequest(kindAuth, http.MethodPost, "/_auth/"+url.PathEscape(handler))
	r.username, r.password = username, password
	return r
}

// Discover is POST /_command/discover, Kinvey's question about what the service registered.
func Discover() Request {
	return newRequest(kindDiscover, http.MethodPost, "/_command/discover")
}

// Healthcheck is GET /healthcheck.
func Healthcheck() Request {
	return newRequest(kindHealth, http.MethodGet, "/healthcheck")
}
