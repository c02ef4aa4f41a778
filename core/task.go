package core

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
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
		AppKey:       stringOr(rawField(t.AppMetadata, "_id"), ""),
		AppSecret:    Secret(stringOr(rawField(t.AppMetadata, "appsecret"), "")),
		MasterSecret: Secret(stringOr(rawField(t.AppMetadata, "mastersecret"), "")),
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

// APIVersion is the Kinvey API version of the client's request: the x-kinvey-api-version of the
// task's response headers, "3" by default (as the reference's moduleGenerator reads it).
func (t *Task) APIVersion() string {
	// A header string (X-Kinvey-Response-Headers) is not parsed by the reference: no version.
	headers, _ := t.responseHeads.(json.RawMessage)
	if v := rawField(headers, "x-kinvey-api-version"); rawTruthy(v) {
		if s, ok := rawString(v); ok {
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
	rawEach(t.requestHeaders, func(k string, val json.RawMessage) {
		if strings.EqualFold(k, name) {
			if s, ok := rawString(val); ok {
				v = s
			}
		}
	})
	return v
}

func (t *Task) baasURL() string {
	if u, ok := rawString(rawField(t.AppMetadata, "baasUrl")); ok && u != "" {
		return u
	}
	proto := stringOr(rawField(t.requestHeaders, "x-forwarded-proto"), "")
	if proto == "" {
		proto = "https"
	}
	return proto + "://" + stringOr(rawField(t.requestHeaders, "host"), "")
}

func (t *Task) newRequestContext() *RequestContext {
	rc := &RequestContext{username: t.Username, userID: t.UserID, custom: map[string]any{},
		version: parseClientAppVersion("")}
	var version json.RawMessage
	var custom json.RawMessage
	rawEach(t.requestHeaders, func(k string, val json.RawMessage) {
		switch strings.ToLower(k) {
		case "x-kinvey-client-app-version":
			version = val
		case "x-kinvey-custom-request-properties":
			custom = val
		}
	})
	if s, ok := rawString(version); ok {
		rc.version = parseClientAppVersion(s)
	}
	if custom != nil {
		if parsed, ok := jsonParse(custom); ok && rawKind(parsed) == '{' {
			rawEach(parsed, func(k string, v json.RawMessage) {
				if _, seen := rc.custom[k]; !seen {
					rc.order = append(rc.order, k)
				}
				rc.custom[k] = v
			})
		}
	}
	rc.security = securityContext(rawField(t.requestHeaders, "authorization"), t.AppMetadata)
	return rc
}

// headerJSON is `JSON.parse(req.get(name)) || {}`: a header holding JSON, or {} when it is absent,
// not JSON, or a falsy JSON value.
func headerJSON(v string) json.RawMessage {
	if v == "" {
		return emptyObject
	}
	raw, ok := parseJSONText(v)
	if !ok || !rawTruthy(raw) {
		return emptyObject
	}
	return raw
}
