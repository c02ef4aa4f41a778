package flextest

import (
	"net/http"
	"net/url"

	"github.com/flexgo/flexgo/core"
)

// The FlexFunctions requests: POST /_flexFunctions/:handler with the JSON body Kinvey sends, which
// carries the hook's context ({hookType, method, objectName, entityId, query, body,
// tempObjectStore, response}). The With methods fill it: WithBody (the collection request's body,
// or for a post hook see WithResponse), WithQuery/WithSort/WithLimit/WithSkip/WithParam (its
// query), WithEntityID, WithTempObjectStore, WithMethod, WithObjectName.

func functionPath(handler string) string { return "/_flexFunctions/" + url.PathEscape(handler) }

// PreHook is a call of handler as a pre hook: before Kinvey handles method (GET, POST, PUT,
// DELETE) on the collection objectName.
func PreHook(handler, method, objectName string) Request {
	r := newRequest(kindFunction, method, functionPath(handler))
	r.hookType, r.objectName = core.HookPre, objectName
	return r
}

// PostHook is a call of handler as a post hook: after Kinvey handled method on objectName. Give
// Kinvey's answer with WithResponse (status 200 and an empty body by default).
func PostHook(handler, method, objectName string) Request {
	r := newRequest(kindFunction, method, functionPath(handler))
	r.hookType, r.objectName = core.HookPost, objectName
	r.respStatus = http.StatusOK
	return r
}

// CustomEndpoint is a call of handler as a custom endpoint, with the client's body (nil for
// none: the handler then sees Kinvey's whole request body, as in Node).
func CustomEndpoint(handler string, body any) Request {
	r := newRequest(kindFunction, http.MethodPost, functionPath(handler))
	r.hookType = core.HookCustomEndpoint
	if body != nil {
		r.body = mustJSON(body)
	}
	return r
}
