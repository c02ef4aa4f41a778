package gcf

import (
	"context"
	"net/http"

	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/internal/nethttp"
	"github.com/flexgo/flexgo/internal/run"
)

// Handler returns the function to register with functions.HTTP: the Flex service at the
// function's root, with the request's Cloud Trace context carried to the logs, and the request
// kept open until the background work it started has ended (see the package doc).
func Handler(svc *core.Service) func(http.ResponseWriter, *http.Request) {
	limit := svc.Config().BackgroundLimit
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if trace := traceFrom(r.Header); trace != "" {
			ctx = context.WithValue(ctx, traceKey{}, trace)
		}
		var work run.WorkGroup
		ctx = run.WithWorkGroup(ctx, &work)
		rec := &heldResponse{header: http.Header{}}
		nethttp.Serve(svc, rec, r.WithContext(ctx))
		waitCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), limit)
		_ = work.Wait(waitCtx) // cut short work is logged by the core
		cancel()
		rec.flush(w)
	}
}

// heldResponse holds an answer until the request's background work is done. Answers are small
// JSON documents the core has already built whole, so holding one costs a copy at most.
type heldResponse struct {
	header http.Header
	status int
	body   []byte
}

func (h *heldResponse) Header() http.Header { return h.header }

func (h *heldResponse) WriteHeader(status int) {
	if h.status == 0 {
		h.status = status
	}
}

func (h *heldResponse) Write(p []byte) (int, error) {
	if h.status == 0 {
		h.status = http.StatusOK
	}
	h.body = append(h.body, p...)
	return len(p), nil
}

func (h *heldResponse) flush(w http.ResponseWriter) {
	dst := w.Header()
	for k, v := range h.header {
		dst[k] = v
	}
	if h.status == 0 {
		h.status = http.StatusOK
	}
	w.WriteHeader(h.status)
	_, _ = w.Write(h.body)
}
