package http

import (
	"io"
	nethttp "net/http"
	"strconv"
	"sync/atomic"

	"github.com/flexgo/flexgo/core"
)

// Handler returns an http.Handler that answers every request with svc. Mount it at the root: the
// Flex routes (/healthcheck, /:serviceObject, /_flexFunctions/:name, ...) are the whole path.
func Handler(svc *core.Service) nethttp.Handler {
	return handler{svc: svc}
}

type handler struct{ svc *core.Service }

func (h handler) ServeHTTP(w nethttp.ResponseWriter, r *nethttp.Request) {
	req := &core.Request{
		Method:        r.Method,
		Path:          r.URL.EscapedPath(),
		RawQuery:      r.URL.RawQuery,
		Header:        r.Header,
		Body:          r.Body,
		ContentLength: r.ContentLength,
	}
	// The handler runs on this goroutine (see core.Service.ServeTo): the answer may be written
	// while it is still running (it completed and goes on, or its budget ran out), so it is
	// flushed at once rather than when ServeHTTP returns.
	h.svc.ServeTo(r.Context(), req, func(resp *core.Response) {
		if resp.Status == nethttp.StatusRequestEntityTooLarge && r.Body != nil {
			// The core refused the body unread. Read the rest (bounded) so the client, still
			// sending, gets the answer instead of a reset connection, as Node's server does.
			_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxDrain))
		}
		WriteResponse(w, resp)
		if f, ok := w.(nethttp.Flusher); ok {
			f.Flush()
		}
	})
}

// maxDrain bounds how much of a refused body is read and thrown away.
const maxDrain = 64 << 20

// WriteResponse writes a core answer to w, with its Content-Length.
func WriteResponse(w nethttp.ResponseWriter, resp *core.Response) {
	h := w.Header()
	for k, v := range resp.Header {
		h[k] = v
	}
	h["Content-Length"] = contentLength(len(resp.Body))
	w.WriteHeader(resp.Status)
	if len(resp.Body) > 0 {
		_, _ = w.Write(resp.Body)
	}
}

// contentLengths holds the Content-Length header values of the sizes most answers have, each
// made the first time it is needed and shared from then on (net/http only reads header values):
// a slice and a string less on every request.
var contentLengths [4096]atomic.Pointer[[]string]

func contentLength(n int) []string {
	if n >= len(contentLengths) {
		return []string{strconv.Itoa(n)}
	}
	if v := contentLengths[n].Load(); v != nil {
		return *v
	}
	v := []string{strconv.Itoa(n)}
	contentLengths[n].Store(&v)
	return v
}
