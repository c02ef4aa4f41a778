package core

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/flexgo/flexgo/internal/js"
)

// Task is what every handler's request carries besides its own fields: the Kinvey metadata of the
// task and the modules that need no network (requestContext, backendContext, tempObjectStore,
// logger). It is the `modules` argument of the Node SDK, reached through the request.
type Task struct {
	// AppID is the Kinvey environment id (X-Kinvey-Environment-Id).
	AppID string
	// RequestID is Kinvey's request id (X-Kinvey-Request-Id).
	RequestID string
	// Username and UserID identify the user of the client's request (X-Kinvey-Username,
	// X-Kinvey-User-Id); empty when anonymous.
	Username string
	UserID   string
	// AppMetadata is X-Kinvey-App-Metadata as Kinvey sent it (`{}` when absent or not JSON).
	AppMetadata json.RawMessage
	// Type is the kind of task: "data", "functions" or "auth" (the reference's taskType).
	Type string
	// ObjectName is the service object (data) or the collection a hook runs for (functions).
	ObjectName string
	// HookType is the functions hook type (pre, post, customEndpoint); "" for other tasks.
	HookType HookType

	svc            *Service
	ctx            context.Context
	requestHeaders json.RawMessage // X-Kinvey-Original-Request-Headers, parsed
	responseHeads  any             // the task's response headers, for the API version
	tempOnce       sync.Once
	temp           atomic.Pointer[TempObjectStore] // set once, read by the completion on any goroutine
	tempRaw        json.RawMessage

	rcOnce sync.Once
	rc     atomic.Pointer[RequestContext] // set once, read by the completion on any goroutine
}

// RequestContext returns the requestContext module.
func (t *Task) RequestContext() *RequestContext {
	t.rcOnce.Do(func() { t.rc.Store(t.newRequestContext()) })
	return t.rc.Load()
}

// BackendContext returns the backendContext module.
func (t *Task) BackendContext() BackendContext {
	return BackendContext{
		AppKey:       js.StringOr(js.Field(t.AppMetadata, "_id"), ""),
		AppSecret:    Secret(js.StringOr(js.Field(t.AppMetadata, "appsecret"), "")),
		MasterSecret: Secret(js.StringOr(js.Field(t.AppMetadata, "mastersecret"), "")),
		BaasURL:      t.baasURL(),
	}
}

// TempObjectStore returns the tempObjectStore module.
func (t *Task) TempObjectStore() *TempObjectStore {
	t.tempOnce.Do(func() { t.temp.Store(newTempObjectStore(t.tempRaw)) })
	return t.temp.Load()
}

// Logger returns the logger module: lines in the reference's JSON shape, with the request's
// context so its ids travel.
func (t *Task) Logger() Logger {
	return Logger{ctx: t.ctx, log: t.svc.log.With(slog.String("requestId", t.RequestID))}
}

// BackendContext is the reference's backendContext module: the app's key and secrets, from the
// X-Kinvey-App-Metadata Kinvey sends. Treat the secrets as secrets: they are [Secret] values.
type BackendContext struct {
	AppKey       string
	AppSecret    Secret
	MasterSecret Secret
	// BaasURL is the Kinvey backend the request came through.
	BaasURL string
}

// APIVersion is the Kinvey API version of the client's request: the x-kinvey-api-version of the
// task's response headers, "3" by default (as the reference's moduleGenerator reads it).
func (t *Task) APIVersion() string {
	// A header string (X-Kinvey-Response-Headers) is not parsed by the reference: no version.
	headers, _ := t.responseHeads.(json.RawMessage)
	if v := js.Field(headers, "x-kinvey-api-version"); js.RawTruthy(v) {
		if s, ok := js.RawString(v); ok {
			return s
		}
		return string(v)
	}
	return "3"
}

// OriginalHeader returns a header of the client's original request (from
// X-Kinvey-Original-Request-Headers), matched without regard to case; "" when absent or not a string.
func (t *Task) OriginalHeader(name string) string {
	var v string
	js.Each(t.requestHeaders, func(k string, val json.RawMessage) {
		if strings.EqualFold(k, name) {
			if s, ok := js.RawString(val); ok {
				v = s
			}
		}
	})
	return v
}

func (t *Task) baasURL() string {
	if u, ok := js.RawString(js.Field(t.AppMetadata, "baasUrl")); ok && u != "" {
		return u
	}
	proto := js.StringOr(js.Field(t.requestHeaders, "x-forwarded-proto"), "")
	if proto == "" {
		proto = "https"
	}
	return proto + "://" + js.StringOr(js.Field(t.requestHeaders, "host"), "")
}

func (t *Task) newRequestContext() *RequestContext {
	rc := &RequestContext{username: t.Username, userID: t.UserID, custom: map[string]any{},
		version: parseClientAppVersion("")}
	var version json.RawMessage
	var custom json.RawMessage
	js.Each(t.requestHeaders, func(k string, val json.RawMessage) {
		switch strings.ToLower(k) {
		case "x-kinvey-client-app-version":
			version = val
		case "x-kinvey-custom-request-properties":
			custom = val
		}
	})
	if s, ok := js.RawString(version); ok {
		rc.version = parseClientAppVersion(s)
	}
	if custom != nil {
		if parsed, ok := js.Parse(custom); ok && js.Kind(parsed) == '{' {
			js.Each(parsed, func(k string, v json.RawMessage) {
				if _, seen := rc.custom[k]; !seen {
					rc.order = append(rc.order, k)
				}
				rc.custom[k] = v
			})
		}
	}
	rc.security = securityContext(js.Field(t.requestHeaders, "authorization"), t.AppMetadata)
	return rc
}

// Go runs fn in its own goroutine beside the handler; it may go on after Done or Next, as Node
// handlers do with timers. Unlike a bare `go` statement it is safe: a panic in fn is recovered and
// logged instead of killing the process, and the adapters wait for it (the net/http server's
// drain, the Lambda adapter's extension (lambda.WithBackgroundWork) before the sandbox is frozen, the Cloud Functions
// request). fn's context is not cancelled when the answer leaves, but it is cancelled after
// [Config.BackgroundLimit]; work cut short that way is logged.
func (t *Task) Go(name string, fn func(ctx context.Context)) {
	t.svc.Go(t.ctx, name, fn)
}
