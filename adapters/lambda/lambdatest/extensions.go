package lambdatest

import (
	"encoding/json"
	"net/http"
	"time"
)

// The Lambda Extensions API, as far as an internal extension uses it: register, then ask for each
// event. The fake records when the extension asked, so a test can tell whether it held an
// invocation open.
//
// It refuses what Lambda refuses. Extensions register during INIT: "During the Extension init
// phase, each extension needs to register with Lambda to receive events"
// (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-extensions-api.html); once the runtime
// has asked for its first event, AWS's Runtime Interface Emulator answers a registration 403
// Extension.RegistrationClosed, and so does this fake. An internal extension (one started by the
// runtime process) may not register for SHUTDOWN ("Internal extensions are started and stopped by
// the runtime process, so they are not permitted to register for the Shutdown event"): 403
// Extension.InvalidEventType.

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
		if r.gotNext.Load() {
			extensionError(w, http.StatusForbidden, "Extension.RegistrationClosed")
			return
		}
		var body struct {
			Events []string `json:"events"`
		}
		if err := json.NewDecoder(req.Body).Decode(&body); err != nil {
			extensionError(w, http.StatusBadRequest, "InvalidRequestFormat")
			return
		}
		for _, ev := range body.Events {
			if ev != "INVOKE" { // the fake serves internal extensions only
				extensionError(w, http.StatusForbidden, "Extension.InvalidEventType")
				return
			}
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

func extensionError(w http.ResponseWriter, status int, errorType string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"errorType": errorType, "errorMessage": errorType})
}
