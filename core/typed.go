package core

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/flexgo/flexgo/internal/js"
)

// NoBody is the input type of a typed handler for events that carry no body (GetAll, GetByID,
// GetCount, the deletes): nothing is decoded.
type NoBody = struct{}

// Reply is the [Completion] of a typed handler: its SetBody takes only an Out, and every other
// builder method (OK, Created, NotFound, BadRequest, …, Done, Next) is the Completion's own.
// SetBody comes first in a chain, as in Node: c.SetBody(book).Created().Next().
type Reply[Out any] struct {
	*Completion
}

// SetBody sets the answer's body. A nil slice answers [] and a nil map {}, never null: a typed
// list with no elements is still a list.
func (r *Reply[Out]) SetBody(v Out) *Completion {
	return r.Completion.SetBody(nonNil(v))
}

// Typed adapts a FlexData handler that takes the request body decoded into In and answers an Out
// through [Reply], keeping the builder's vocabulary:
//
//	books.OnInsert(core.Typed(func(ctx context.Context, req *core.DataRequest, b Book, c *core.Reply[Book]) {
//		if b.Title == "" {
//			c.BadRequest("a book needs a title").Done()
//			return
//		}
//		c.SetBody(store.Add(b)).Created().Next()
//	}))
//
// In and Out are inferred from the function, so a call site names its types once, in the
// handler's own signature. Insert and update bodies are decoded with encoding/json; events that
// carry no body (use [NoBody]) give In's zero value. A body that does not decode is answered
// before the handler runs, as the builder answers: 400 BadRequest in Kinvey's shape, with a debug
// naming the type and the field that did not fit.
func Typed[In, Out any](h func(ctx context.Context, req *DataRequest, in In, c *Reply[Out])) DataHandler {
	if h == nil {
		panic("core: Typed: nil handler")
	}
	return func(ctx context.Context, req *DataRequest, c *Completion) {
		in, err := decodeAs[In](req.Body)
		if err != nil {
			c.BadRequest(err.Error()).Done()
			return
		}
		h(ctx, req, in, &Reply[Out]{c})
	}
}

// TypedFunction adapts a FlexFunctions handler that takes the context's body (for a post hook,
// Kinvey's response body) decoded into In and answers an Out through [Reply]. For a pre hook,
// c.SetBody(v).Next() hands v on to Kinvey as the request's new body. A body that does not decode
// answers 400 BadRequest with Done (the request stops there) and the handler does not run.
func TypedFunction[In, Out any](h func(ctx context.Context, fc *FunctionContext, in In, c *Reply[Out])) FunctionHandler {
	if h == nil {
		panic("core: TypedFunction: nil handler")
	}
	return func(ctx context.Context, fc *FunctionContext, c *Completion) {
		in, err := decodeAs[In](fc.Body)
		if err != nil {
			c.BadRequest(err.Error()).Done()
			return
		}
		h(ctx, fc, in, &Reply[Out]{c})
	}
}

// TypedAuth adapts a FlexAuth handler that takes the options the client sent beside its
// credentials decoded into Opts (its zero value when the client sent none). The credentials
// themselves are AuthRequest.Credentials, and the answer's shape is Kinvey's
// ({token, authenticated, ...attributes}), so the [AuthCompletion] is the plain one. Options that
// do not decode answer 401 server_error, as the Node SDK answers an auth body that is not JSON.
func TypedAuth[Opts any](h func(ctx context.Context, req *AuthRequest, opts Opts, c *AuthCompletion)) AuthHandler {
	if h == nil {
		panic("core: TypedAuth: nil handler")
	}
	return func(ctx context.Context, req *AuthRequest, c *AuthCompletion) {
		opts, err := decodeAs[Opts](req.Options)
		if err != nil {
			c.ServerError(err.Error()).Done()
			return
		}
		h(ctx, req, opts, c)
	}
}

// decodeAs decodes a JSON value into a T; nothing (nil, null) and NoBody give the zero T.
func decodeAs[T any](raw json.RawMessage) (T, error) {
	var v T
	if _, none := any(v).(NoBody); none || raw == nil || js.Kind(raw) == 'n' {
		return v, nil
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, fmt.Errorf("the body does not decode into %s: %s", typeName[T](), decodeReason(err))
	}
	return v, nil
}

// decodeReason says what did not fit, in the words of encoding/json, without its "json: " prefix.
func decodeReason(err error) string {
	switch e := err.(type) {
	case *json.UnmarshalTypeError:
		if e.Field != "" {
			return fmt.Sprintf("field %q must be %s, not %s", e.Field, jsonTypeName(e.Type), e.Value)
		}
		return fmt.Sprintf("it must be %s, not %s", jsonTypeName(e.Type), e.Value)
	}
	return err.Error()
}

// jsonTypeName names the JSON value a Go type decodes from.
func jsonTypeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return t.String()
}

func typeName[T any]() string {
	return reflect.TypeFor[T]().String()
}

// nonNil turns a nil slice into an empty one and a nil map into an empty one, so that they encode
// as [] and {}; other values are returned as they are.
func nonNil(v any) any {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice:
		if rv.IsNil() {
			return reflect.MakeSlice(rv.Type(), 0, 0).Interface()
		}
	case reflect.Map:
		if rv.IsNil() {
			return reflect.MakeMap(rv.Type()).Interface()
		}
	}
	return v
}
