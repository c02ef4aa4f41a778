package core

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"

	"github.com/flexgo/flexgo/internal/express"
	"github.com/flexgo/flexgo/internal/js"
	"github.com/flexgo/flexgo/internal/run"
)

// flexTask is the reference's task object: what its receiver (kinvey-code-task-runner's
// httpReceiver.js, generateBaseTask and the add*TaskAttributes steps) builds from a request, what
// the handler completes, and how the answer is rendered (sendTask). Fields hold JavaScript values
// (see internal/js): nil is undefined.
//
// Everything one request needs is allocated with it: the public Task, the handler's run and
// context, the completion, the request the handler gets.
type flexTask struct {
	svc   *Service
	route express.Route
	task  Task
	call  run.Call
	comp  Completion
	view  Call // what middleware sees, when there is any

	// The handler and what it is given; one of the three is set.
	onData   DataHandler
	onFunc   FunctionHandler
	onAuth   AuthHandler
	dataReq  DataRequest
	funcCtx  *FunctionContext
	authReq  *AuthRequest
	authComp *AuthCompletion

	// Where the answer goes: ServeTo's respond, given the answer finished for req; or, under
	// middleware, the chain's answer.
	req      *Request
	respond  func(*Response)
	answer   func(Outcome)
	answered onceAnswer // under middleware: the first answer of the chain goes to respond

	method    string // task.method: the request's method in upper case
	errorKind ErrorKind

	// task.request
	reqMethod  any
	reqHeaders json.RawMessage
	objectName any
	hookType   any
	query      any
	entityID   any
	body       any
	params     any
	// wholeBody: task.request.body is the functions POST body itself, which holds the
	// tempObjectStore object; JavaScript shares that object, so what a handler sets in the
	// store shows in request.body too.
	wholeBody bool

	// task.response
	respStatus  any
	respHeaders any
	respBody    any
	statusCode  int
	cont        *bool

	// loginOptions: the functions body's, for a login hook (kinvey-flex-sdk 4.1)
	loginOptions json.RawMessage
}

// header reads a request header as the reference does (express.Header).
func header(h http.Header, name string) string { return express.Header(h, name) }

// newTask builds the task for a data, functions or auth route. It returns an error where the
// reference fails before any handler runs.
func (s *Service) newTask(r *Request, body json.RawMessage, rt express.Route) (*flexTask, *Error) {
	h := r.Header
	t := &flexTask{svc: s, route: rt}
	pub := &t.task
	*pub = Task{
		AppID:          header(h, "X-Kinvey-Environment-Id"),
		RequestID:      header(h, "X-Kinvey-Request-Id"),
		Username:       header(h, "X-Kinvey-Username"),
		UserID:         header(h, "X-Kinvey-User-Id"),
		AppMetadata:    headerJSON(header(h, "X-Kinvey-App-Metadata")),
		requestHeaders: headerJSON(header(h, "X-Kinvey-Original-Request-Headers")),
		svc:            s,
	}
	t.reqHeaders = pub.requestHeaders

	// method: res.locals.method (functions' body.method) || req.method, then toUpperCase().
	t.reqMethod = methodValue(r.Method)
	if rt.Kind == express.Function {
		if m := js.Field(body, "method"); js.RawTruthy(m) {
			s, ok := js.RawString(m)
			if !ok { // the reference throws a TypeError here and answers 500
				return nil, &Error{Kind: KindInternalError, Debug: "method must be a string"}
			}
			t.reqMethod = s
		}
	}
	t.method = strings.ToUpper(t.reqMethod.(string))

	// response: the X-Kinvey-Response-* headers, else the body's response member.
	var resp json.RawMessage
	if r := js.Field(body, "response"); js.RawTruthy(r) {
		resp = r
	}
	t.respStatus = firstTruthy(header(h, "X-Kinvey-Response-Status"), js.Field(resp, "status"), 0)
	t.respHeaders = firstTruthy(header(h, "X-Kinvey-Response-Headers"), js.Field(resp, "headers"), js.EmptyObjectValue)
	t.respBody = firstTruthy(header(h, "X-Kinvey-Response-Body"), js.Field(resp, "body"), js.EmptyObjectValue)
	pub.responseHeads = t.respHeaders

	query := express.ParseQuery(r.RawQuery)
	switch rt.Kind {
	case express.Function:
		pub.Type = "functions"
		t.objectName = firstTruthy(js.Field(body, "objectName"), "")
		t.hookType = firstTruthy(js.Field(body, "hookType"), string(HookCustomEndpoint))
		pub.ObjectName, pub.HookType = js.StringOf(t.objectName), HookType(js.StringOf(t.hookType))
		temp := firstTruthy(js.Field(body, "tempObjectStore"), js.EmptyObjectValue)
		pub.tempRaw = js.Raw(temp)
		if query != nil {
			t.query = query
		} else if q := js.Field(body, "query"); js.HasKeys(q) {
			t.query = q
		}
		if id := js.Field(body, "entityId"); js.RawTruthy(id) {
			t.entityID = id
		}
		if lo := js.Field(body, "loginOptions"); lo != nil && !js.IsNull(lo) {
			t.loginOptions = lo
		}
		if b := js.Field(body, "body"); js.RawTruthy(b) {
			t.body = b
		} else {
			t.body, t.wholeBody = body, true
		}
	case express.Auth:
		pub.Type = "auth"
		t.body = js.Object{
			{Key: "username", Val: rawOrNil(js.Field(body, "username"))},
			{Key: "password", Val: rawOrNil(js.Field(body, "password"))},
			{Key: "options", Val: rawOrNil(js.Field(body, "options"))},
		}
	default: // FlexData
		pub.Type, pub.ObjectName = "data", rt.Name
		if query != nil {
			t.query = query
		}
		if rt.HasID {
			t.entityID = rt.ID
		}
		if rt.Kind == express.DataInsert || rt.Kind == express.DataUpdate {
			t.body = body
		}
	}
	return t, nil
}

// methodValue is m as an interface value, without allocating for the usual methods (an
// interface holding a constant string needs no allocation).
func methodValue(m string) any {
	switch m {
	case "GET":
		return "GET"
	case "POST":
		return "POST"
	case "PUT":
		return "PUT"
	case "DELETE":
		return "DELETE"
	case "HEAD":
		return "HEAD"
	case "OPTIONS":
		return "OPTIONS"
	}
	return m
}

func rawOrNil(raw json.RawMessage) any {
	if raw == nil {
		return nil
	}
	return raw
}

// firstTruthy is `a || b || c`: the first truthy value, else the last.
func firstTruthy(vals ...any) any {
	for _, v := range vals[:len(vals)-1] {
		if js.Truthy(v) {
			return v
		}
	}
	return vals[len(vals)-1]
}

// headerJSON is `JSON.parse(req.get(name)) || {}`: a header holding JSON, or {} when it is absent,
// not JSON, or a falsy JSON value.
func headerJSON(v string) json.RawMessage {
	if v == "" {
		return js.EmptyObject
	}
	raw, ok := js.ParseText(v)
	if !ok || !js.RawTruthy(raw) {
		return js.EmptyObject
	}
	return raw
}

// unauthorized is the reference's answer to a missing or wrong X-Auth-Key.
func (t *flexTask) unauthorized() *Response {
	t.respBody = unauthorizedError
	t.statusCode = http.StatusUnauthorized
	f := false
	t.cont = &f
	return t.render()
}

// fail is the answer to a task the reference rejects before its handler runs (callback(task)
// with an error body): the status and body, and for functions the whole {request, response}.
func (t *flexTask) fail(e *Error) *Response {
	t.respBody = e
	t.statusCode = e.Status()
	t.errorKind = e.Kind
	return t.render()
}

// render writes the task's answer as the receiver's sendTask does.
func (t *flexTask) render() *Response {
	status := t.statusCode
	if status == 0 {
		status = http.StatusOK
	}
	var body any
	size := 256 // most data and auth answers fit
	if t.route.Kind == express.Function {
		body = t.functionsAnswer()
		size = 1024 // a functions answer carries the request and the response
	} else {
		body = js.ParseOr(t.respBody)
	}
	out, err := js.Append(make([]byte, 0, size), body)
	if err != nil {
		t.svc.log.ErrorContext(t.task.ctx, "the handler's answer cannot be encoded as JSON",
			"error", err.Error(), "requestId", t.task.RequestID)
		t.errorKind = KindFlexRuntimeError
		return (&Error{Kind: KindFlexRuntimeError, Debug: "The handler's answer could not be encoded as JSON"}).Response()
	}
	return jsonResponse(status, out)
}

// complete is Done and Next of a Completion.
func (t *flexTask) complete(c *Completion, next bool) {
	if !t.call.Claim(run.Answered) {
		t.refused()
		return
	}
	defer t.recoverAnswer()
	status := c.status
	if status == 0 {
		status = http.StatusOK
	}
	if next && t.route.Kind == express.Function && t.isHook(HookPre) {
		if js.Truthy(c.body) {
			t.body = c.body
		}
		if js.Truthy(c.query) {
			t.query = c.query
		}
		t.params = t.query
	} else if js.Truthy(c.body) {
		t.respBody = c.body
	}
	if next && t.route.Kind == express.Function {
		t.carryCustomProperties()
	}
	t.statusCode = status
	t.cont = &next
	t.errorKind = c.errorKind
	t.deliver(t.render(), CauseHandler)
}

// completeAuth is Done and Next of an AuthCompletion.
func (t *flexTask) completeAuth(c *AuthCompletion) {
	if !t.call.Claim(run.Answered) {
		t.refused()
		return
	}
	defer t.recoverAnswer()
	t.statusCode = c.status
	if t.statusCode == 0 {
		t.statusCode = http.StatusOK
	}
	t.respBody = append(js.Object(nil), c.body...)
	f := false
	t.cont = &f
	t.deliver(t.render(), CauseHandler)
}

// carryCustomProperties puts the custom request properties a handler set into the answer's
// request headers (see RequestContext.changedProperties). JavaScript ignores a property set on
// headers that are not an object, and so does this.
func (t *flexTask) carryCustomProperties() {
	rc := t.task.rc.Load()
	if rc == nil || js.Kind(t.reqHeaders) != '{' {
		return
	}
	props, ok := rc.changedProperties()
	if !ok {
		return
	}
	var headers js.Object
	js.Each(t.reqHeaders, func(k string, v json.RawMessage) { headers = headers.Set(k, v) })
	headers = headers.Set("x-kinvey-custom-request-properties", props)
	out, err := headers.MarshalJSON()
	if err == nil {
		t.reqHeaders = out
	}
}

// recoverAnswer turns a panic while rendering a claimed answer into a 500, so the caller is
// never left waiting.
func (t *flexTask) recoverAnswer() {
	if p := recover(); p != nil {
		t.svc.log.ErrorContext(t.task.ctx, "building the answer panicked",
			"panic", fmt.Sprint(p), "stack", string(debug.Stack()), "requestId", t.task.RequestID)
		t.errorKind = KindFlexRuntimeError
		t.deliver(panicError(t.task.RequestID).Response(), CausePanic)
	}
}

// refused logs a second completion, as the reference does, or one after the budget ran out.
func (t *flexTask) refused() {
	var msg string
	switch t.call.State() {
	case run.TimedOut:
		msg = "The handler completed after its timeout budget ran out; the caller was already answered"
	case run.CallerGone:
		msg = "The handler completed after the caller had gone away"
	default:
		switch t.route.Kind {
		case express.Function:
			msg = fmt.Sprintf("Invoked done() or next() more than once to the same Flex Functions request to %q", t.route.Name)
		case express.Auth:
			msg = fmt.Sprintf("Invoked done() or next() more than once to the same FlexAuth request in handler %q", t.route.Name)
		default:
			msg = fmt.Sprintf("Invoked done() or next() more than once to the same Flex Data handler %s for %s", t.reqMethod, t.route.Name)
		}
	}
	t.svc.log.ErrorContext(t.task.ctx, msg, "requestId", t.task.RequestID)
}

// execute runs the handler on the calling goroutine, turning a panic into the 500 answer (when
// nothing answered yet) and a log line with the stack. A work group in ctx counts the handler
// too: work it starts after answering joins the group while the group is still counting.
func (t *flexTask) execute(ctx context.Context) {
	defer run.Join(ctx)()
	defer func() {
		if p := recover(); p != nil {
			t.svc.log.ErrorContext(ctx, "Flex handler panicked",
				"handler", t.route.Name, "panic", fmt.Sprint(p), "stack", string(debug.Stack()),
				"requestId", t.task.RequestID)
			if t.call.Claim(run.Answered) {
				t.errorKind = KindFlexRuntimeError
				t.deliver(panicError(t.task.RequestID).Response(), CausePanic)
			}
		}
	}()
	switch {
	case t.onData != nil:
		t.onData(ctx, &t.dataReq, &t.comp)
	case t.onFunc != nil:
		t.onFunc(ctx, t.funcCtx, &t.comp)
	case t.onAuth != nil:
		t.onAuth(ctx, t.authReq, t.authComp)
	}
}

// BudgetExpired answers the call when its budget ran out while its handler was still running
// (run.Owner).
func (t *flexTask) BudgetExpired() {
	if !t.call.Claim(run.TimedOut) {
		return
	}
	t.svc.log.ErrorContext(t.call.Context(), "Flex handler did not complete within its timeout budget",
		"handler", t.route.Name, "requestId", t.task.RequestID)
	resp := timeoutError.Response()
	resp.HandlerRunning = true
	t.errorKind = KindTimeout
	t.deliver(resp, CauseTimeout)
}

// CallerWentAway answers the call (unread) when its caller went away first (run.Owner).
func (t *flexTask) CallerWentAway() {
	if !t.call.Claim(run.CallerGone) {
		return
	}
	t.svc.log.WarnContext(t.call.Context(), "The caller went away before the Flex handler completed",
		"handler", t.route.Name, "requestId", t.task.RequestID)
	t.errorKind = KindTimeout
	t.deliver(callerGoneError.Response(), CauseCallerGone)
}

// deliver hands the answer over, after a won claim: to the middleware chain, or to the adapter,
// finished as the receiver finishes every answer.
func (t *flexTask) deliver(resp *Response, cause Cause) {
	if t.answer != nil {
		o := Outcome{Status: resp.Status, Cause: cause, resp: resp}
		if resp.Status >= 400 {
			o.Error = t.errorKind
		}
		t.answer(o)
	} else {
		t.respond(finish(t.req, resp))
	}
	t.call.Delivered()
}

// finish applies what the receiver does to every answer on its way out: 304 to a fresh
// If-None-Match, no body for HEAD.
func finish(r *Request, resp *Response) *Response {
	if express.NotModified(r.Method, r.Header, resp.Status, resp.Body) {
		return &Response{Status: http.StatusNotModified, Header: http.Header{}, HandlerRunning: resp.HandlerRunning}
	}
	if r.Method == http.MethodHead {
		resp.Body = nil
	}
	return resp
}
