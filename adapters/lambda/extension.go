package lambda

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

// Lambda freezes the sandbox once the function has answered and every extension has asked for
// its next event. Work a handler started with Task.Go after answering would be frozen mid-way
// (and thawed, or lost, at some later invocation). So Start registers an internal extension, in
// process, through the Lambda Extensions API: after each invocation it asks for the next event
// only when the background work has ended, bounded by the invocation's deadline.

const extensionName = "flexgo-background"

// extensionEvent is what GET /2020-01-01/extension/event/next returns.
type extensionEvent struct {
	EventType  string `json:"eventType"`
	DeadlineMs int64  `json:"deadlineMs"`
	RequestID  string `json:"requestId"`
}

// runBackgroundExtension registers the internal extension with the Extensions API at api and
// holds each invocation open until h's service has no background work left. It returns when ctx
// ends or the API fails (then work may be frozen, as without the extension).
func runBackgroundExtension(ctx context.Context, api string, h *Handler, registered chan<- error) error {
	client := &http.Client{}
	base := "http://" + api + "/2020-01-01/extension"
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/register",
		strings.NewReader(`{"events":["INVOKE"]}`))
	req.Header.Set("Lambda-Extension-Name", extensionName)
	resp, err := client.Do(req)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("register: %s", resp.Status)
	}
	if resp != nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	if registered != nil {
		registered <- err
	}
	if err != nil {
		return err
	}
	id := resp.Header.Get("Lambda-Extension-Identifier")
	for {
		ev, err := nextEvent(ctx, client, base, id)
		if err != nil {
			return err
		}
		if ev.EventType != "INVOKE" {
			continue
		}
		deadline := time.UnixMilli(ev.DeadlineMs)
		waitCtx, cancel := context.WithDeadline(ctx, deadline)
		select { // the invocation's answer first
		case <-h.invoked:
		case <-waitCtx.Done():
		}
		_ = h.svc.WaitBackground(waitCtx) // then its work; cut short work is logged by the core
		cancel()
	}
}

func nextEvent(ctx context.Context, client *http.Client, base, id string) (extensionEvent, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/event/next", nil)
	req.Header.Set("Lambda-Extension-Identifier", id)
	resp, err := client.Do(req)
	if err != nil {
		return extensionEvent{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return extensionEvent{}, fmt.Errorf("event/next: %s", resp.Status)
	}
	var ev extensionEvent
	err = json.NewDecoder(resp.Body).Decode(&ev)
	return ev, err
}

// startBackgroundExtension starts the extension when running inside Lambda, and waits for its
// registration, which must happen before the runtime asks for its first invocation.
func startBackgroundExtension(h *Handler) {
	api := os.Getenv("AWS_LAMBDA_RUNTIME_API")
	if api == "" {
		return
	}
	registered := make(chan error, 1)
	go func() {
		if err := runBackgroundExtension(context.Background(), api, h, registered); err != nil {
			h.svc.Logger().Warn("flexgo background extension stopped; work after the answer may be frozen",
				"error", err.Error())
		}
	}()
	select {
	case <-registered:
	case <-time.After(2 * time.Second):
	}
}
