package flextest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/flexgo/flexgo/core"
)

// Response is the service's answer to a [Request].
type Response struct {
	// Status is the HTTP status.
	Status int
	// Header holds the answer's headers.
	Header http.Header
	// Body is the answer's JSON body as it was sent.
	Body []byte

	// Hook is the {request, response} answer of a FlexFunctions call, parsed; nil for other
	// requests, and when the service answered a FlexFunctions call with a bare Kinvey error
	// instead (a body that is not JSON, a panic, the timeout budget running out).
	Hook *HookAnswer
	// Continue is the response.continue of a FlexFunctions answer: true when the handler finished
	// with Next (Kinvey goes on), false with Done.
	Continue bool

	pre bool // the request was a pre hook
}

// HookAnswer is what the service answers a FlexFunctions call: the collection request as the hook
// left it, and the answer it set.
type HookAnswer struct {
	Request struct {
		Method          string          `json:"method"`
		Headers         json.RawMessage `json:"headers"`
		Username        string          `json:"username"`
		UserID          string          `json:"userId"`
		ObjectName      string          `json:"objectName"`
		TempObjectStore json.RawMessage `json:"tempObjectStore"`
		Query           json.RawMessage `json:"query"`
		EntityID        json.RawMessage `json:"entityId"`
		// Body is the request's body: for a pre hook that finished with Next, the body it set.
		Body   json.RawMessage `json:"body"`
		Params json.RawMessage `json:"params"`
	} `json:"request"`
	Response struct {
		Status  json.RawMessage `json:"status"`
		Headers json.RawMessage `json:"headers"`
		// Body is the answer's body: what the handler set, unless it was a pre hook that
		// finished with Next.
		Body       json.RawMessage `json:"body"`
		StatusCode int             `json:"statusCode"`
		Continue   *bool           `json:"continue"`
	} `json:"response"`
}

// String is the status and body, as "200 {...}".
func (r *Response) String() string { return fmt.Sprintf("%d %s", r.Status, r.Body) }

// Decode decodes the JSON body into v.
func (r *Response) Decode(v any) error {
	if err := json.Unmarshal(r.Body, v); err != nil {
		return fmt.Errorf("flextest: decoding %d %s: %w", r.Status, truncate(r.Body), err)
	}
	return nil
}

// Result is the body the handler set: for a FlexFunctions call the request's body when a pre
// hook finished with Next (the body Kinvey goes on with) and the response's body otherwise; for
// other requests the whole body.
func (r *Response) Result() json.RawMessage {
	if r.Hook == nil {
		return r.Body
	}
	if r.pre && r.Continue {
		return r.Hook.Request.Body
	}
	return r.Hook.Response.Body
}

// DecodeResult decodes [Response.Result] into v.
func (r *Response) DecodeResult(v any) error {
	res := r.Result()
	if len(res) == 0 {
		return errors.New("flextest: the answer has no result body: " + truncate(r.Body))
	}
	if err := json.Unmarshal(res, v); err != nil {
		return fmt.Errorf("flextest: decoding the result %s: %w", truncate(res), err)
	}
	return nil
}

// ErrorBody is a Kinvey error answer: {"error", "description", "debug"} for FlexData and
// FlexFunctions, {"error", "error_description"} for FlexAuth.
type ErrorBody struct {
	Error       string          `json:"error"`
	Description string          `json:"description"`
	Debug       json.RawMessage `json:"debug"`
	// ErrorDescription is the FlexAuth (OAuth) description.
	ErrorDescription json.RawMessage `json:"error_description"`
}

// DebugText is Debug as text: a JSON string's content, other values as JSON.
func (e ErrorBody) DebugText() string { return text(e.Debug) }

// ErrorDescriptionText is ErrorDescription as text, as DebugText.
func (e ErrorBody) ErrorDescriptionText() string { return text(e.ErrorDescription) }

func text(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// KinveyError returns the Kinvey error the service answered with (read from [Response.Result]),
// and whether it is one: an object whose "error" member is a string.
func (r *Response) KinveyError() (ErrorBody, bool) {
	var e ErrorBody
	if json.Unmarshal(r.Result(), &e) != nil || e.Error == "" {
		return ErrorBody{}, false
	}
	return e, true
}

func newResponse(req Request, resp *core.Response) *Response {
	r := &Response{Status: resp.Status, Header: resp.Header, Body: resp.Body, pre: req.hookType == core.HookPre}
	if req.kind != kindFunction {
		return r
	}
	var hook HookAnswer
	if json.Unmarshal(resp.Body, &hook) == nil && hook.Response.StatusCode != 0 {
		r.Hook = &hook
		r.Continue = hook.Response.Continue != nil && *hook.Response.Continue
	}
	return r
}

func truncate(b []byte) string {
	const max = 200
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}
