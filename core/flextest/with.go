package flextest

import (
	"github.com/flexgo/flexgo/core"
)

// WithBody sets the body the handler sees: the entity of a data insert or update, the body of a
// hook's collection request or a custom endpoint's client, or the whole body of a FlexAuth call
// (in place of the username, password and options). v is encoded as JSON; []byte and
// json.RawMessage are taken as JSON text as they are.
func (r Request) WithBody(v any) Request {
	r = r.clone()
	r.body = mustJSON(v)
	return r
}

// WithRawBody sets the HTTP body to exactly b, whatever the kind of request: for requests Kinvey
// would never send (malformed JSON, a scalar body). The content type stays application/json
// unless set with WithHeader.
func (r Request) WithRawBody(b []byte) Request {
	r = r.clone()
	r.rawBody, r.hasRaw = append([]byte(nil), b...), true
	return r
}

// WithParam sets a parameter of the collection request's query string (for a hook, of the query
// object Kinvey sends), replacing one of that name.
func (r Request) WithParam(name, value string) Request {
	r = r.clone()
	for i, p := range r.params {
		if p.name == name {
			r.params[i].value = value
			return r
		}
	}
	r.params = append(r.params, param{name, value})
	return r
}

// WithQuery sets the query parameter Kinvey calls "query": filter (a Mongo-style query such as
// map[string]any{"title": "Dune"}) as JSON text. A string is taken as JSON text already.
func (r Request) WithQuery(filter any) Request { return r.WithParam("query", jsonText(filter)) }

// WithSort sets the "sort" parameter: sort (such as map[string]int{"title": 1}) as JSON text. A
// string is taken as JSON text already.
func (r Request) WithSort(sort any) Request { return r.WithParam("sort", jsonText(sort)) }

// WithLimit sets the "limit" parameter.
func (r Request) WithLimit(n int) Request { return r.WithParam("limit", itoa(n)) }

// WithSkip sets the "skip" parameter.
func (r Request) WithSkip(n int) Request { return r.WithParam("skip", itoa(n)) }

func jsonText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return string(mustJSON(v))
}

// WithMethod sets the method: the HTTP method of a data request (for methods Kinvey would not
// send), the collection request's method of a hook.
func (r Request) WithMethod(method string) Request {
	r = r.clone()
	r.method = method
	return r
}

// WithObjectName sets the collection a FlexFunctions call runs for.
func (r Request) WithObjectName(name string) Request {
	r = r.clone()
	r.objectName = name
	return r
}

// WithHookType sets the hook type of a FlexFunctions call.
func (r Request) WithHookType(h core.HookType) Request {
	r = r.clone()
	r.hookType = h
	return r
}

// WithEntityID sets the entity a FlexFunctions call's collection request names.
func (r Request) WithEntityID(id string) Request {
	r = r.clone()
	r.entityID = id
	return r
}

// WithTempObjectStore sets the tempObjectStore a FlexFunctions call carries (such as
// map[string]any{"seen": true}).
func (r Request) WithTempObjectStore(v any) Request {
	r = r.clone()
	r.temp = mustJSON(v)
	return r
}

// WithResponse sets Kinvey's answer a post hook sees: its status and body.
func (r Request) WithResponse(status int, body any) Request {
	r = r.clone()
	r.respStatus, r.respBody = status, mustJSON(body)
	return r
}

// WithResponseHeaders sets the headers of Kinvey's answer a post hook sees (a JSON object such as
// map[string]string{"x-kinvey-api-version": "5"}).
func (r Request) WithResponseHeaders(headers any) Request {
	r = r.clone()
	r.respHeaders = mustJSON(headers)
	return r
}

// WithOptions sets the options of a FlexAuth call, sent beside the username and password.
func (r Request) WithOptions(v any) Request {
	r = r.clone()
	r.options = mustJSON(v)
	return r
}
