package lambdatest

import (
	"encoding/json"
	"net/http"
	"time"
)

// The Lambda Extensions API, as far as an internal extension uses it: register, then ask for each
// event. The fake records when the extension asked, so a test can tell whether it held an
// invocation open.

const extensionPrefix = "/2020-01-01/extension/"

// SendInvokeEvent hands an INVOKE event to the extension's pending (or next) event/next call.
func (r *Runtime) SendInvokeEvent(requestID string, deadline time.Time) {
	ev, _ := json.Marshal(map[string]any{"eventType": "INVOKE", "requestId": requestID, "deadlineMs": deadline.UnixMilli()})
	select {
	case r.extEvents <- ev:
	case <-r.closed:
	}
}

// ExtensionNexts returns when the extension asked for its next event, in order.
func (r *Runtime) ExtensionNexts() []time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]time.Time(nil), r.extNexts...)
}

// ExtensionRegistered reports whether an extension registered.
func (r *Runtime) ExtensionRegistered() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.extRegistered
}

func (r *Runtime) serveExtension(w http.ResponseWriter, req *http.Request, path string) {
	switch {
	case req.Method == http.MethodPost && path == "register":
		if req.Header.Get("Lambda-Extension-Name") == "" {
			http.Error(w, "no Lambda-Extension-Name", http.StatusBadRequest)
			return
		}
		r.mu.Lock()
		r.extRegistered = true
		r.mu.Unlock()
		w.Header().Set("Lambda-Extension-Identifier", "ext-1")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"functionName":"flexgo-test","functionVersion":"$LATEST","handler":"bootstrap"}`))
	case req.Method == http.MethodGet && path == "event/next":
		if req.Header.Get("Lambda-Extension-Identifier") != "ext-1" {
			http.Error(w, "unknown extension", http.StatusForbidden)
			return
		}
		r.mu.Lock()
		r.extNexts = append(r.extNexts, time.Now())
		r.mu.Unlock()
		select {
		case ev := <-r.extEvents:
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(ev)
		case <-r.closed:
			http.Error(w, "closed", http.StatusGone)
		case <-req.Context().Done():
		}
	default:
		http.Error(w, "not found", http.StatusNotFound)
	}
}
