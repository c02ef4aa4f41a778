package http

import (
	nethttp "net/http"

	"github.com/flexgo/flexgo/core"
	nethttpmap "github.com/flexgo/flexgo/internal/nethttp"
)

// Handler returns an http.Handler that answers every request with svc. Mount it at the root: the
// Flex routes (/healthcheck, /:serviceObject, /_flexFunctions/:name, ...) are the whole path.
func Handler(svc *core.Service) nethttp.Handler {
	return handler{svc: svc}
}

type handler struct{ svc *core.Service }

func (h handler) ServeHTTP(w nethttp.ResponseWriter, r *nethttp.Request) {
	nethttpmap.Serve(h.svc, w, r)
}
