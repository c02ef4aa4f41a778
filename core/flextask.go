package core

import (
	"encoding/json"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
)

// flexTask is the reference's task object: what the receiver builds from a request
// (httpReceiver.js generateBaseTask and the add*TaskAttributes steps) and what the handlers
// complete. Fields hold JavaScript values (see jsvalue.go): nil is undefined.
type flexTask struct {
	svc  *Service
	kind routeKind
	name string // service object, function or auth handler
	pub  *Task
	call *call

	// Storage for what a request needs besides the task, allocated with it: one allocation
	// instead of one each on every request's path.
	task     Task
	callData call
	hctx     budgetContext
	inv      invocation
	comp     Completion
	dataReq  DataRequest

	method  string // task.method: the request's method in upper case
	authKey string

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

	// FlexData
	route route
}

// header is Express's req.get: repeated headers joined with ", ", the bytes read as latin-1 as
// Node's HTTP parser reads them. Kinvey's backend (Node too) writes header strings as latin-1, so
// "josé" arrives as the byte 0xE9 and must be read back as "é", not as invalid UTF-8. name must
// be in canonical form (as every literal here is), which spares a canonicalisation per lookup.
func header(h http.Header, name string) string {
	v := h[name]
	switch len(v) {
	case 0:
		return ""
	case 1:
		return latin1(v[0])
	}
	return latin1(strings.Join(v, ", "))
}

// latin1 decodes s byte by byte as ISO-8859-1; ASCII comes back as it is, without allocating.
func latin1(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			r := make([]rune, len(s))
			for j := 0; j < len(s); j++ {
				r[j] = rune(s[j])
			}
			return string(r)
		}
	}
	return s
}

// newTask builds the task for a data, functions or auth route. It returns an error answer where
// the reference fails before any handler runs.
func (s *Service) newTask(r *Request, body json.RawMessage, rt route) (*flexTask, *Error) {
	h := r.Header
	t := &flexTask{}
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
	t.svc, t.kind, t.name, t.pub, t.route = s, rt.kind, rt.name, pub, rt
	t.authKey = header(h, "X-Auth-Key")
	t.reqHeaders = pub.requestHeaders

	// method: res.locals.method (functions' body.method) || req.method, then toUpperCase().
	t.reqMethod = methodValue(r.Method)
	if rt.kind == routeFunction {
		if m := rawField(body, "method"); rawTruthy(m) {
			s, ok := rawString(m)
			if !ok { // the reference throws a TypeError here and answers 500
				return nil, &Error{Kind: KindInternalError, Debug: "method must be a string"}
			}
			t.reqMethod = s
		}
	}
	t.method = strings.ToUpper(t.reqMethod.(string))

	// response: the X-Kinvey-Response-* headers, else the body's response member.
	var resp json.RawMessage
	if r := rawField(body, "response"); rawTruthy(r) {
		resp = r
	}
	t.respStatus = firstTruthy(header(h, "X-Kinvey-Response-Status"), rawField(resp, "status"), 0)
	t.respHeaders = firstTruthy(header(h, "X-Kinvey-Response-Headers"), rawField(resp, "headers"), emptyObjectValue)
	t.respBody = firstTruthy(header(h, "X-Kinvey-Response-Body"), rawField(resp, "body"), emptyObjectValue)
	pub.responseHeads = t.respHeaders

	query := parseQueryString(r.RawQuery)
	switch rt.kind {
	case routeFunction:
		pub.Type = "functions"
		t.objectName = firstTruthy(rawField(body, "objectName"), "")
		t.hookType = firstTruthy(rawField(body, "hookType"), string(HookCustomEndpoint))
		pub.ObjectName, pub.HookType = jsStringOf(t.objectName), HookType(jsStringOf(t.hookType))
		temp := firstTruthy(rawField(body, "tempObjectStore"), emptyObjectValue)
		pub.tempRaw = toRaw(temp)
		if query != nil {
			t.query = query
		} else if q := rawField(body, "query"); hasKeys(q) {
			t.query = q
		}
		if id := rawField(body, "entityId"); rawTruthy(id) {
			t.entityID = id
		}
		if lo := rawField(body, "loginOptions"); lo != nil && !isJSNull(lo) {
			t.loginOptions = lo
		}
		if b := rawField(body, "body"); rawTruthy(b) {
			t.body = b
		} else {
			t.body, t.wholeBody = body, true
		}
	case routeAuth:
		pub.Type = "auth"
		t.body = jsObject{
			{"username", rawOrNil(rawField(body, "username"))},
			{"password", rawOrNil(rawField(body, "password"))},
			{"options", rawOrNil(rawField(body, "options"))},
		}
	default: // FlexData
		pub.Type, pub.ObjectName = "data", rt.name
		if query != nil {
			t.query = query
		}
		if rt.hasID {
			t.entityID = rt.id
		}
		if rt.kind == routeDataInsert || rt.kind == routeDataUpdate {
			t.body = body
		}
	}
	return t, nil
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
		if truthy(v) {
			return v
		}
	}
	return vals[len(vals)-1]
}

// hasKeys is `v && Object.keys(v).length > 0` for a JSON value.
func hasKeys(raw json.RawMessage) bool {
	switch rawKind(raw) {
	case '"':
		return rawTruthy(raw)
	case '[':
		var a []json.RawMessage
		return json.Unmarshal(raw, &a) == nil && len(a) > 0
	case '{':
		n := 0
		rawEach(raw, func(string, json.RawMessage) { n++ })
		return n > 0
	}
	return false
}

// unauthorizedError is the reference's error for a missing or wrong X-Auth-Key.
var unauthorizedError = &Error{Kind: KindInvalidCredentials, Debug: "The Authorization Key was not valid or missing."}

// unauthorized is the reference's answer to a missing or wrong X-Auth-Key.
func (t *flexTask) unauthorized() *Response {
	t.respBody = unauthorizedError
	t.statusCode = http.StatusUnauthorized
	f := false
	t.cont = &f
	return t.answer()
}

// fail is the answer to a task the reference rejects before its handler runs (callback(task)
// with an error body): the status and body, and for functions the whole {request, response}.
func (t *flexTask) fail(e *Error) *Response {
	t.respBody = e
	t.statusCode = e.Status()
	return t.answer()
}

// answer renders the task as the receiver's sendTask does.
func (t *flexTask) answer() *Response {
	status := t.statusCode
	if status == 0 {
		status = http.StatusOK
	}
	var body any
	if t.kind == routeFunction {
		body = t.functionsAnswer()
	} else {
		body = parsedBody(t.respBody)
	}
	size := 256 // most data and auth answers fit
	if t.kind == routeFunction {
		size = 1024 // a functions answer carries the request and the response
	}
	out, err := appendJS(make([]byte, 0, size), body)
	if err != nil {
		t.svc.log.ErrorContext(t.pub.ctx, "the handler's answer cannot be encoded as JSON",
			"error", err.Error(), "requestId", t.pub.RequestID)
		return errorResponse(&Error{Kind: KindFlexRuntimeError, Debug: "The handler's answer could not be encoded as JSON"})
	}
	return jsonResponse(status, out)
}

// complete is Done and Next of a Completion.
func (t *flexTask) complete(c *Completion, next bool) {
	if !t.call.claim(callAnswered) {
		t.refused()
		return
	}
	defer t.recoverAnswer()
	status := c.status
	if status == 0 {
		status = http.StatusOK
	}
	if next && t.kind == routeFunction && t.isHook(HookPre) {
		if truthy(c.body) {
			t.body = c.body
		}
		if truthy(c.query) {
			t.query = c.query
		}
		t.params = t.query
	} else if truthy(c.body) {
		t.respBody = c.body
	}
	if next && t.kind == routeFunction {
		t.carryCustomProperties()
	}
	t.statusCode = status
	t.cont = &next
	t.call.deliver(t.answer())
}

// carryCustomProperties puts the custom request properties a handler set into the answer's
// request headers (see RequestContext.changedProperties). JavaScript ignores a property set on
// headers that are not an object, and so does this.
func (t *flexTask) carryCustomProperties() {
	rc := t.pub.rc.Load()
	if rc == nil || rawKind(t.reqHeaders) != '{' {
		return
	}
	props, ok := rc.changedProperties()
	if !ok {
		return
	}
	var headers jsObject
	rawEach(t.reqHeaders, func(k string, v json.RawMessage) { headers = headers.set(k, v) })
	headers = headers.set("x-kinvey-custom-request-properties", props)
	out, err := headers.MarshalJSON()
	if err == nil {
		t.reqHeaders = out
	}
}

// completeAuth is Done and Next of an AuthCompletion.
func (t *flexTask) completeAuth(c *AuthCompletion) {
	if !t.call.claim(callAnswered) {
		t.refused()
		return
	}
	defer t.recoverAnswer()
	t.statusCode = c.status
	if t.statusCode == 0 {
		t.statusCode = http.StatusOK
	}
	t.respBody = append(jsObject(nil), c.body...)
	f := false
	t.cont = &f
	t.call.deliver(t.answer())
}

// recoverAnswer turns a panic while rendering a claimed answer into a 500, so the caller is
// never left waiting.
func (t *flexTask) recoverAnswer() {
	if p := recover(); p != nil {
		t.svc.log.ErrorContext(t.pub.ctx, "building the answer panicked",
			"panic", fmt.Sprint(p), "stack", string(debug.Stack()), "requestId", t.pub.RequestID)
		t.call.deliver(errorResponse(panicError(t.pub.RequestID)))
	}
}

// refused logs a second completion, as the reference does, or one after the budget ran out.
func (t *flexTask) refused() {
	var msg string
	switch t.call.state.Load() {
	case callTimedOut:
		msg = "The handler completed after its timeout budget ran out; the caller was already answered"
	case callCancelled:
		msg = "The handler completed after the caller had gone away"
	default:
		switch t.kind {
		case routeFunction:
			msg = fmt.Sprintf("Invoked done() or next() more than once to the same Flex Functions request to %q", t.name)
		case routeAuth:
			msg = fmt.Sprintf("Invoked done() or next() more than once to the same FlexAuth request in handler %q", t.name)
		default:
			msg = fmt.Sprintf("Invoked done() or next() more than once to the same Flex Data handler %s for %s", t.reqMethod, t.name)
		}
	}
	t.svc.log.ErrorContext(t.pub.ctx, msg, "requestId", t.pub.RequestID)
}

// panicError is the answer to a handler that panicked: no panic text, no stack, only where to look.
func panicError(requestID string) *Error {
	debug := "The Flex handler panicked; its stack trace is in the service's log"
	if requestID != "" {
		debug += " under requestId " + requestID
	}
	// The reference answers a throwing handler with Express's 500 page: keep its status.
	return &Error{Kind: KindFlexRuntimeError, Debug: debug, StatusCode: http.StatusInternalServerError}
}
