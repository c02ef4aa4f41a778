package backend

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"

	"github.com/flexgo/flexgo/internal/js"
)

// store is the reference's BaseStore: the options of a module and the requests it builds.
type store struct {
	c    *Client
	opts StoreOptions
}

// auth says which credentials a request carries, beside the store's UseUserContext.
type auth int

const (
	authDefault     auth = iota // the client's Authorization with UseUserContext, else the master secret
	authAppSecret               // the app secret (userStore.create)
	authUserContext             // the client's Authorization whatever the options
	authMaster                  // never the client's Authorization (userStore.restore)
)

// request is the reference's _buildKinveyRequest: the URL `${baasUrl}/${route}/${appKey}/`
// (then `${collection}/` when the module names one) and path, the JSON headers, the business
// logic switch and the credentials.
func (s store) request(method, route string, collection *string, path string, a auth) request {
	u := s.c.baasURL + "/" + route + "/" + s.c.appKey + "/"
	if collection != nil {
		u += *collection + "/"
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-Kinvey-API-Version", s.apiVersion())
	if !s.opts.UseBL {
		h.Set("X-Kinvey-Skip-Business-Logic", "true")
	}
	h.Set("Accept", "application/json") // what `request` adds for json: true
	switch {
	case a == authAppSecret:
		h.Set("Authorization", basicAuth(s.c.appKey, string(s.c.appSecret)))
	case s.opts.UseUserContext && a != authMaster || a == authUserContext:
		// The reference copies the header as it is; an absent one is not sent.
		if s.c.authorization != "" {
			h.Set("Authorization", s.c.authorization)
		}
	default:
		h.Set("Authorization", basicAuth(s.c.appKey, string(s.c.masterSecret)))
	}
	return request{method: method, url: u + path, header: h}
}

// apiVersion is storeOptions.apiVersion || requestContext.apiVersion.
func (s store) apiVersion() string {
	if s.opts.APIVersion != "" {
		return s.opts.APIVersion
	}
	return s.c.apiVersion
}

// recursive reports whether a call to the store named name, from a task for object, must be
// refused: the same object with business logic or the client's credentials.
func (s store) recursive(name string) bool {
	return s.c.objectName != "" && s.c.objectName == name && (s.opts.UseBL || s.opts.UseUserContext)
}

// withQuery sets the qs option of r from q, when there is one.
func withQuery(r request, q Query) request {
	if isNil(q) {
		return r
	}
	r.qs, r.hasQS = queryPairs(q.ToQueryString()), true
	return r
}

// withBody sets a JSON body.
func withBody(r request, body json.RawMessage) request {
	r.body = body
	return r
}

func basicAuth(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

// entityArg encodes an entity and applies the reference's `!entity` check.
func entityArg(v any, module, debug string) (json.RawMessage, error) {
	raw, err := encodeArg("entity", v)
	if err != nil {
		return nil, err
	}
	if !js.RawTruthy(raw) {
		return nil, clientError(module, "Bad Request", debug)
	}
	return raw, nil
}

// send is _make*Request: the recursion guard, then the call.
func (s store) send(ctx context.Context, r request, refuse bool, guard *Error) (json.RawMessage, error) {
	if refuse {
		return nil, guard
	}
	return s.c.storeResult(ctx, r)
}
