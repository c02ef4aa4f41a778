// Package nethttp maps net/http onto the core, for the two adapters that receive net/http
// requests: adapters/http (flexgo's own server) and adapters/gcf (the Cloud Functions framework's).
package nethttp

import (
	"io"
	"net/http"
	"strconv"
	"sync/atomic"

	"github.com/flexgo/flexgo/core"
)

// Serve answers r with svc. The handler runs on this goroutine (core.Service.ServeTo): the answer
// may be written while it is still running (it completed and goes on, or its budget ran out), so
// it is flushed at once rather than when Serve returns. r's context reaches the handler.
func Serve(svc *core.Service, w http.ResponseWriter, r *http.Request) {
	req := &core.Request{
		Method:        r.Method,
		Path:          r.URL.EscapedPath(),
		RawQuery:      r.URL.RawQuery,
		Header:        r.Header,
		Body:          r.Body,
		ContentLength: r.ContentLength,
	}
	svc.ServeTo(r.Context(), req, func(resp *core.Response) {
		if resp.Status == http.StatusRequestEntityTooLarge && r.Body != nil {
			// The core refused the body unread. Read the rest (bounded) so the client, still
			// sending, gets the answer instead of a reset connection, as Node's server does.
			_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxDrain))
		}
		Write(w, resp)
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
	})
}

// maxDrain bounds how much of a refused body is read and thrown away.
const maxDrain = 64 << 20

// Write writes a core answer to w, with its Content-Length. An answer that left while its handler
// still holds the request's goroutine closes the connection: it cannot serve another request
// until the handler returns.
func Write(w http.ResponseWriter, resp *core.Response) {
	h := w.Header()
	for k, v := range resp.Header {
		h[k] = v
	}
	h["Content-Length"] = contentLength(len(resp.Body))
	if resp.HandlerRunning {
		h["Connection"] = connectionClose
	}
	w.WriteHeader(resp.Status)
	if len(resp.Body) > 0 {
		_, _ = w.Write(resp.Body)
	}
}

var connectionClose = []string{"close"}

// contentLengths holds the Content-Length header values of the sizes most answers have, each
// made the first time it is needed and shared from then on (net/http only reads header values).
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
