package core

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/flexgo/flexgo/internal/js"
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
func (fc *FunctionContext) MarshalJSON() ([]byte, error) { return fc.AppendJSON(nil) }

// AppendJSON writes the context as MarshalJSON does.
func (fc *FunctionContext) AppendJSON(dst []byte) ([]byte, error) {
	if fc == nil {
		return append(dst, "null"...), nil
	}
	return fc.object().AppendJSON(dst)
}

// object is the context as the Node SDK's context object.
func (fc *FunctionContext) object() js.Object {
	var query any
	if fc.Query != nil {
		query = fc.Query
	}
	return js.Object{
		{Key: "method", Val: fc.raw.method},
		{Key: "headers", Val: fc.Headers},
		{Key: "username", Val: fc.Username},
		{Key: "userId", Val: fc.UserID},
		{Key: "objectName", Val: fc.raw.objectName},
		{Key: "hookType", Val: fc.raw.hookType},
		{Key: "entityId", Val: fc.raw.entityID},
		{Key: "body", Val: fc.Body},
		{Key: "query", Val: query},
	}
}

// functionContext builds the handler's context as the reference's functions.js does, or the
// answer it gives instead when the body or query is text that is not JSON.
func (t *flexTask) functionContext() (*FunctionContext, *Error) {
	fc := &FunctionContext{Task: &t.task}
	fc.raw.method = t.reqMethod
	fc.Method, _ = t.reqMethod.(string)
	var headers, body any = t.reqHeaders, t.body
	if t.isHook(HookPost) {
		headers, body = t.respHeaders, t.respBody
	}
	fc.Headers = js.Raw(headers)
	if js.Truthy(t.objectName) {
		fc.raw.objectName = t.objectName
	}
	fc.raw.hookType = t.hookType
	if js.Truthy(t.entityID) {
		fc.raw.entityID = t.entityID
		fc.EntityID = js.StringOf(t.entityID)
	}

	fc.LoginOptions = t.loginOptions
	if t.isHook(HookPost) {
		if status := js.NumberOf(t.respStatus); status > 399 && status < 1000 {
			fc.Status = int(status)
		}
	}

	if parsed, ok := js.Parse(body); ok {
		fc.Body = parsed
	} else if js.Truthy(body) && !js.IsObject(body) {
		return nil, &Error{Kind: KindBadRequest, Debug: "Request body is not JSON"}
	} else {
		fc.Body = js.Raw(body)
	}

	if t.query != nil && !js.IsNull(t.query) {
		if parsed, ok := js.Parse(t.query); ok {
			t.query = parsed
		} else if js.Truthy(t.query) && !js.IsObject(t.query) {
			return nil, &Error{Kind: KindBadRequest, Debug: "Request body is not JSON"}
		} else {
			fc.Query = js.Raw(t.query)
		}
	}
	return fc, nil
}

func (t *flexTask) isHook(h HookType) bool {
	if raw, isRaw := t.hookType.(json.RawMessage); isRaw {
		if r := bytes.TrimSpace(raw); len(r) == len(h)+2 && r[0] == '"' && string(r[1:len(r)-1]) == string(h) {
			return true // the usual "pre" or "post", compared without a conversion
		}
		s, ok := js.RawString(raw)
		return ok && s == string(h)
	}
	s, ok := t.hookType.(string)
	return ok && s == string(h)
}

// functionsAnswer is the body the reference sends for a FlexFunctions task: {request, response}.
func (t *flexTask) functionsAnswer() js.Object {
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
	if store := t.task.temp.Load(); store != nil || !bytes.Equal(t.task.tempRaw, js.EmptyObject) {
		temp = t.task.TempObjectStore()
	} else {
		temp = js.EmptyObjectValue
	}
	body := t.body
	if raw, ok := body.(json.RawMessage); ok && t.wholeBody && js.Kind(js.Field(raw, "tempObjectStore")) == '{' {
		body = js.WithMember(raw, "tempObjectStore", temp)
	}
	return js.Object{
		{Key: "request", Val: js.Object{
			{Key: "method", Val: t.reqMethod},
			{Key: "headers", Val: t.reqHeaders},
			{Key: "username", Val: t.task.Username},
			{Key: "userId", Val: t.task.UserID},
			{Key: "objectName", Val: t.objectName},
			{Key: "tempObjectStore", Val: temp},
			{Key: "query", Val: t.query},
			{Key: "entityId", Val: t.entityID},
			{Key: "body", Val: body},
			{Key: "params", Val: t.params},
		}},
		{Key: "response", Val: js.Object{
			{Key: "status", Val: t.respStatus},
			{Key: "headers", Val: t.respHeaders},
			{Key: "body", Val: js.ParseOr(t.respBody)},
			{Key: "statusCode", Val: statusCode},
			{Key: "continue", Val: cont},
		}},
	}
}

// prepareFunction gives the task its FlexFunctions handler and context, or answers it when the
// reference refuses the request before any handler runs.
func (s *Service) prepareFunction(t *flexTask) *Response {
	fc, kerr := t.functionContext()
	if kerr != nil {
		return t.fail(kerr)
	}
	t.funcCtx = fc
	t.comp = Completion{t: t}
	t.onFunc = s.function(t.route.Name)
	if t.onFunc == nil {
		t.onFunc = functionNotImplemented
	}
	return nil
}

// functionNotImplemented is the reference's notImplementedHandler for FlexFunctions.
func functionNotImplemented(ctx context.Context, _ *FunctionContext, c *Completion) {
	notImplemented(ctx, nil, c)
}
