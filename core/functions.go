package core

import (
	"bytes"
	"context"
	"encoding/json"
	"math"

	"github.com/flexgo/flexgo/core/internal/jsnum"
)

// HookType says when a FlexFunctions handler runs: before Kinvey's own handling of a collection
// request, after it, or as a custom endpoint.
type HookType string

// The hook types.
const (
	HookPre            HookType = "pre"
	HookPost           HookType = "post"
	HookCustomEndpoint HookType = "customEndpoint"
)

// FunctionHandler handles a FlexFunctions call.
type FunctionHandler func(ctx context.Context, fc *FunctionContext, c *Completion)

// FunctionContext is what a FlexFunctions handler receives: the Node SDK's `context`. For a post
// hook, Headers and Body are those of Kinvey's response; otherwise those of the request.
type FunctionContext struct {
	*Task
	// Method is the method of the collection request the hook runs for (POST for endpoints).
	Method string
	// Headers are the request's (or, in a post hook, the response's) headers as Kinvey sent them.
	Headers json.RawMessage
	// ObjectName is the collection the hook runs for ("" for endpoints).
	ObjectName string
	// HookType is pre, post or customEndpoint.
	HookType HookType
	// EntityID is the entity the collection request names, if any.
	EntityID string
	// Body is the request's (in a post hook, the response's) body, JSON-decoded where it was JSON
	// text, as the Node SDK does.
	Body json.RawMessage
	// Query is the collection request's query when Kinvey sent it as an object; nil otherwise.
	Query json.RawMessage
	// LoginOptions are the options of a login hook (the functions body's loginOptions, as
	// kinvey-flex-sdk 4.1 passes them on); nil for every other hook. The context's JSON form
	// (MarshalJSON) stays 3.3.0's, without it.
	LoginOptions json.RawMessage
	// Status is, in a post hook, the status of Kinvey's response when it is an error (over 399),
	// as kinvey-flex-sdk 4.1 gives it; 0 otherwise. Like LoginOptions, not in the JSON form.
	Status int

	// the exact JavaScript values behind the fields above, for MarshalJSON
	raw struct{ method, objectName, hookType, entityID any }
}

// Decode decodes Body into v.
func (fc *FunctionContext) Decode(v any) error { return json.Unmarshal(fc.Body, v) }

// MarshalJSON writes the context as the Node SDK's context object would be stringified.
func (fc *FunctionContext) MarshalJSON() ([]byte, error) { return fc.object().MarshalJSON() }

// object is the context as the Node SDK's context object.
func (fc *FunctionContext) object() jsObject {
	var query any
	if fc.Query != nil {
		query = fc.Query
	}
	return jsObject{
		{"method", fc.raw.method},
		{"headers", fc.Headers},
		{"username", fc.Username},
		{"userId", fc.UserID},
		{"objectName", fc.raw.objectName},
		{"hookType", fc.raw.hookType},
		{"entityId", fc.raw.entityID},
		{"body", fc.Body},
		{"query", query},
	}
}

// functionContext builds the handler's context as the reference's functions.js does, or the
// answer it gives instead when the body or query is text that is not JSON.
func (t *flexTask) functionContext() (*FunctionContext, *Error) {
	fc := &FunctionContext{Task: t.pub}
	fc.raw.method = t.reqMethod
	fc.Method, _ = t.reqMethod.(string)
	var headers, body any = t.reqHeaders, t.body
	if t.isHook(HookPost) {
		headers, body = t.respHeaders, t.respBody
	}
	fc.Headers = toRaw(headers)
	if truthy(t.objectName) {
		fc.raw.objectName = t.objectName
		fc.ObjectName = jsStringOf(t.objectName)
	}
	fc.raw.hookType = t.hookType
	fc.HookType = HookType(jsStringOf(t.hookType))
	if truthy(t.entityID) {
		fc.raw.entityID = t.entityID
		fc.EntityID = jsStringOf(t.entityID)
	}

	fc.LoginOptions = t.loginOptions
	if t.isHook(HookPost) {
		if status := jsNumberOf(t.respStatus); status > 399 && status < 1000 {
			fc.Status = int(status)
		}
	}

	if parsed, ok := jsonParse(body); ok {
		fc.Body = parsed
	} else if truthy(body) && !isObjectValue(body) {
		return nil, &Error{Kind: KindBadRequest, Debug: "Request body is not JSON"}
	} else {
		fc.Body = toRaw(body)
	}

	if t.query != nil && !isJSNull(t.query) {
		if parsed, ok := jsonParse(t.query); ok {
			t.query = parsed
		} else if truthy(t.query) && !isObjectValue(t.query) {
			return nil, &Error{Kind: KindBadRequest, Debug: "Request body is not JSON"}
		} else {
			fc.Query = toRaw(t.query)
		}
	}
	return fc, nil
}

func (t *flexTask) isHook(h HookType) bool {
	if raw, isRaw := t.hookType.(json.RawMessage); isRaw {
		if r := bytes.TrimSpace(raw); len(r) == len(h)+2 && r[0] == '"' && string(r[1:len(r)-1]) == string(h) {
			return true // the usual "pre" or "post", compared without a conversion
		}
		s, ok := rawString(raw)
		return ok && s == string(h)
	}
	s, ok := t.hookType.(string)
	return ok && s == string(h)
}

// isObjectValue is `typeof v === 'object'` for a non-null value: objects and arrays.
func isObjectValue(v any) bool {
	switch x := v.(type) {
	case nil, string, bool, float64, int:
		return false
	case json.RawMessage:
		k := rawKind(x)
		return k == '{' || k == '['
	}
	return true
}

func isJSNull(v any) bool {
	raw, ok := v.(json.RawMessage)
	return ok && rawKind(raw) == 'n'
}

// toRaw encodes a value as JSON (nil stays nil).
func toRaw(v any) json.RawMessage {
	if v == nil {
		return nil
	}
	raw, err := marshalJS(v)
	if err != nil {
		return nil
	}
	return raw
}

// jsNumberOf is Number(v) for a string or JSON number the core carries; NaN for anything else.
func jsNumberOf(v any) float64 {
	switch x := v.(type) {
	case int:
		return float64(x)
	case string:
		return jsnum.FromString(x)
	case json.RawMessage:
		if s, ok := rawString(x); ok {
			return jsnum.FromString(s)
		}
		if k := rawKind(x); k == '-' || (k >= '0' && k <= '9') {
			return jsnum.FromString(string(x))
		}
	}
	return math.NaN()
}

// jsStringOf is String(v) for a value the core carries.
func jsStringOf(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.RawMessage:
		if s, ok := rawString(x); ok {
			return s
		}
		var decoded any
		if json.Unmarshal(x, &decoded) != nil {
			return ""
		}
		return jsString(decoded)
	}
	return ""
}

// functionsAnswer is the body the reference sends for a FlexFunctions task: {request, response}.
func (t *flexTask) functionsAnswer() jsObject {
	var statusCode any
	if t.statusCode != 0 {
		statusCode = t.statusCode
	}
	var cont any
	if t.cont != nil {
		cont = *t.cont
	}
	// The store as the answer shows it: an empty one that no handler touched needs no store.
	var temp any
	if store := t.pub.temp.Load(); store != nil || !bytes.Equal(t.pub.tempRaw, emptyObject) {
		temp = t.pub.TempObjectStore()
	} else {
		temp = emptyObjectValue
	}
	body := t.body
	if raw, ok := body.(json.RawMessage); ok && t.wholeBody && rawKind(rawField(raw, "tempObjectStore")) == '{' {
		body = withMember(raw, "tempObjectStore", temp)
	}
	return jsObject{
		{"request", jsObject{
			{"method", t.reqMethod},
			{"headers", t.reqHeaders},
			{"username", t.pub.Username},
			{"userId", t.pub.UserID},
			{"objectName", t.objectName},
			{"tempObjectStore", temp},
			{"query", t.query},
			{"entityId", t.entityID},
			{"body", body},
			{"params", t.params},
		}},
		{"response", jsObject{
			{"status", t.respStatus},
			{"headers", t.respHeaders},
			{"body", parsedBody(t.respBody)},
			{"statusCode", statusCode},
			{"continue", cont},
		}},
	}
}

// withMember is a JSON object with one member's value replaced.
func withMember(raw json.RawMessage, key string, val any) jsObject {
	var obj jsObject
	rawEach(raw, func(k string, v json.RawMessage) {
		if k == key {
			obj = obj.set(k, val)
			return
		}
		obj = obj.set(k, v)
	})
	return obj
}
