package flextest

import (
	"encoding/base64"

	"github.com/flexgo/flexgo/core"
)

// WithHeader sets an HTTP header of the request as Kinvey sends it (not one of the client's
// original headers: see WithOriginalHeader). A header set here wins over what the other With
// methods would put in it.
func (r Request) WithHeader(name, value string) Request {
	r = r.clone()
	r.header.Set(name, value)
	return r
}

// WithSecret sets X-Auth-Key, the shared secret Kinvey sends.
func (r Request) WithSecret(secret core.Secret) Request {
	return r.WithHeader("X-Auth-Key", string(secret))
}

// WithUser sets the user of the client's request: X-Kinvey-Username and X-Kinvey-User-Id.
func (r Request) WithUser(username, userID string) Request {
	return r.WithHeader("X-Kinvey-Username", username).WithHeader("X-Kinvey-User-Id", userID)
}

// WithRequestID sets X-Kinvey-Request-Id.
func (r Request) WithRequestID(id string) Request { return r.WithHeader("X-Kinvey-Request-Id", id) }

// WithEnvironmentID sets X-Kinvey-Environment-Id, the Kinvey app environment (Task.AppID).
func (r Request) WithEnvironmentID(id string) Request {
	return r.WithHeader("X-Kinvey-Environment-Id", id)
}

// WithAppMetadata sets X-Kinvey-App-Metadata, replacing what was set: v is encoded as JSON
// (normally an object such as {"_id": appKey, "appsecret": ..., "mastersecret": ...,
// "baasUrl": ...}).
func (r Request) WithAppMetadata(v any) Request {
	r = r.clone()
	raw := mustJSON(v)
	if o, ok := objectOf(raw); ok {
		r.appMeta, r.appMetaRaw = o, nil
	} else {
		r.appMeta, r.appMetaRaw = nil, raw
	}
	return r
}

// withAppMember sets one member of the app metadata.
func (r Request) withAppMember(key string, v any) Request {
	r = r.clone()
	r.appMeta, r.appMetaRaw = r.appMeta.set(key, mustJSON(v), false), nil
	return r
}

// WithAppKey sets the app key (the _id of X-Kinvey-App-Metadata: backendContext's app key).
func (r Request) WithAppKey(appKey string) Request { return r.withAppMember("_id", appKey) }

// WithMasterSecret makes the client's request one made with the app's master secret: it sets
// the app key and master secret of the app metadata, and the client's Authorization header to
// Basic appKey:masterSecret, so requestContext's security context is "master".
func (r Request) WithMasterSecret(appKey, masterSecret string) Request {
	return r.withAppMember("_id", appKey).withAppMember("mastersecret", masterSecret).
		WithBasicAuth(appKey, masterSecret)
}

// WithAppSecret is WithMasterSecret for the app secret: the security context is "app".
func (r Request) WithAppSecret(appKey, appSecret string) Request {
	return r.withAppMember("_id", appKey).withAppMember("appsecret", appSecret).
		WithBasicAuth(appKey, appSecret)
}

// WithOriginalHeader sets a header of the client's original request, which Kinvey forwards in
// X-Kinvey-Original-Request-Headers (a JSON object), replacing one of that name (matched
// without regard to case).
func (r Request) WithOriginalHeader(name, value string) Request {
	r = r.clone()
	r.origHeaders = r.origHeaders.set(name, mustJSON(value), true)
	return r
}

// WithBasicAuth sets the client's Authorization header to Basic user:password.
func (r Request) WithBasicAuth(user, password string) Request {
	return r.WithOriginalHeader("authorization",
		"Basic "+base64.StdEncoding.EncodeToString([]byte(user+":"+password)))
}

// WithClientAppVersion sets the client's X-Kinvey-Client-App-Version.
func (r Request) WithClientAppVersion(version string) Request {
	return r.WithOriginalHeader("x-kinvey-client-app-version", version)
}

// WithCustomRequestProperties sets the client's X-Kinvey-Custom-Request-Properties: props (such as
// map[string]any{"color": "red"}) as JSON text.
func (r Request) WithCustomRequestProperties(props any) Request {
	return r.WithOriginalHeader("x-kinvey-custom-request-properties", jsonText(props))
}
