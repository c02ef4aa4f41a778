package core

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/flexgo/flexgo/internal/js"
)

// SecurityContext tells who made the client's request: a user, the app (app secret), the master
// secret, or unknown, as requestContext.getSecurityContext() does.
type SecurityContext string

// AppendJSON writes the context as the string it is.
func (s SecurityContext) AppendJSON(dst []byte) ([]byte, error) {
	return js.AppendQuoted(dst, string(s)), nil
}

// The security contexts.
const (
	SecurityUser    SecurityContext = "user"
	SecurityApp     SecurityContext = "app"
	SecurityMaster  SecurityContext = "master"
	SecurityUnknown SecurityContext = "unknown"
)

// RequestContext is the reference's requestContext module: who is calling and with what.
type RequestContext struct {
	username, userID string
	security         SecurityContext
	version          ClientAppVersion

	mu     sync.Mutex
	custom map[string]any
	order  []string // of custom's keys, as JSON.stringify writes them
	// changed: a handler set a property, so the properties travel on to the post hook.
	changed bool
	// customRaw is the custom request properties header's value when it was JSON but no object
	// (the reference then answers undefined for every property).
	customRaw json.RawMessage
}

// AuthenticatedUsername is the username of the user who made the client's request.
func (rc *RequestContext) AuthenticatedUsername() string { return rc.username }

// AuthenticatedUserID is the _id of the user who made the client's request.
func (rc *RequestContext) AuthenticatedUserID() string { return rc.userID }

// SecurityContext tells which credentials the client's request carried.
func (rc *RequestContext) SecurityContext() SecurityContext { return rc.security }

// ClientAppVersion is the X-Kinvey-Client-App-Version the client sent.
func (rc *RequestContext) ClientAppVersion() ClientAppVersion { return rc.version }

// CustomRequestProperty returns a property of X-Kinvey-Custom-Request-Properties, and whether it
// is set.
func (rc *RequestContext) CustomRequestProperty(name string) (any, bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	v, ok := rc.custom[name]
	return v, ok
}

// SetCustomRequestProperty sets a custom request property for the rest of this request.
func (rc *RequestContext) SetCustomRequestProperty(name string, value any) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.custom == nil {
		rc.custom = map[string]any{}
	}
	if _, ok := rc.custom[name]; !ok {
		rc.order = append(rc.order, name)
	}
	rc.custom[name] = value
	rc.changed = true
}

// changedProperties returns the custom request properties as JSON.stringify writes them, and
// whether a handler set one. kinvey-flex-sdk 4.1.1 sends them on in the request's
// x-kinvey-custom-request-properties header after next(), so that a post hook sees what the pre
// hook set (3.3.0 lost them). flexgo does so only when a property was set, which keeps every
// other answer 3.3.0's.
func (rc *RequestContext) changedProperties() (string, bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if !rc.changed {
		return "", false
	}
	obj := make(js.Object, 0, len(rc.order))
	for _, k := range rc.order {
		v := rc.custom[k]
		if raw, ok := v.(json.RawMessage); ok {
			var buf bytes.Buffer
			if json.Compact(&buf, raw) == nil {
				v = json.RawMessage(buf.Bytes())
			}
		}
		if v == nil {
			v = js.Null
		}
		obj = append(obj, js.Member{Key: k, Val: v})
	}
	out, err := obj.MarshalJSON()
	if err != nil {
		return "", false
	}
	return string(out), true
}

// CustomRequestProperties returns a copy of all custom request properties.
func (rc *RequestContext) CustomRequestProperties() map[string]any {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	out := make(map[string]any, len(rc.custom))
	for k, v := range rc.custom {
		out[k] = v
	}
	return out
}

// ClientAppVersion is a client app version string and its numeric parts.
type ClientAppVersion struct {
	value string
	set   bool
	parts [3]float64 // NaN where a part is not a number, as in Node
}

// isDigits reports whether s is one or more ASCII digits (/^\d+$/).
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func parseClientAppVersion(s string) ClientAppVersion {
	v := ClientAppVersion{value: s, set: s != "", parts: [3]float64{math.NaN(), math.NaN(), math.NaN()}}
	if !v.set {
		return v
	}
	for i, part := range strings.SplitN(s, ".", 4) {
		if i >= 3 {
			break
		}
		if isDigits(part) { // parseInt of a digit string: a double, however long
			v.parts[i], _ = strconv.ParseFloat(part, 64)
		}
	}
	return v
}

// String returns the version string, "" when the client sent none.
func (v ClientAppVersion) String() string { return v.value }

// IsSet reports whether the client sent a version.
func (v ClientAppVersion) IsSet() bool { return v.set }

// Major returns the major version and whether it is a number that fits an int.
func (v ClientAppVersion) Major() (int, bool) { return v.part(0) }

// Minor returns the minor version and whether it is a number that fits an int.
func (v ClientAppVersion) Minor() (int, bool) { return v.part(1) }

// Patch returns the patch version and whether it is a number that fits an int.
func (v ClientAppVersion) Patch() (int, bool) { return v.part(2) }

// Numbers returns the major, minor and patch versions exactly as the Node SDK's majorVersion(),
// minorVersion() and patchVersion() do: doubles, NaN where a part is not a number.
func (v ClientAppVersion) Numbers() (major, minor, patch float64) {
	return v.parts[0], v.parts[1], v.parts[2]
}

func (v ClientAppVersion) part(i int) (int, bool) {
	f := v.parts[i]
	if math.IsNaN(f) || f > math.MaxInt32 {
		return 0, false
	}
	return int(f), true
}

// securityContext is getSecurityContextString of the reference's moduleGenerator.js.
func securityContext(authorization json.RawMessage, appMetadata json.RawMessage) SecurityContext {
	header, ok := js.RawString(authorization)
	if !ok {
		return SecurityUnknown
	}
	parts := strings.Split(header, " ")
	if len(parts) < 2 {
		return SecurityUnknown
	}
	credentials := strings.Split(nodeBase64ASCII(parts[1]), ":")
	appID, idIsString := js.RawString(js.Field(appMetadata, "_id"))
	if !idIsString || credentials[0] != appID {
		return SecurityUser
	}
	if len(credentials) < 2 {
		return SecurityUnknown
	}
	if s, ok := js.RawString(js.Field(appMetadata, "appsecret")); ok && credentials[1] == s {
		return SecurityApp
	}
	if s, ok := js.RawString(js.Field(appMetadata, "mastersecret")); ok && credentials[1] == s {
		return SecurityMaster
	}
	return SecurityUnknown
}

// nodeBase64ASCII decodes base64 the lenient way Node's Buffer does (characters outside the
// alphabet are skipped, URL-safe letters accepted, padding optional, decoding stops at "=")
// and reads the bytes as Node's 'ascii' decoder does (the high bit of each byte cleared).
func nodeBase64ASCII(s string) string {
	var clean strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '+', c == '/':
			clean.WriteByte(c)
		case c == '-':
			clean.WriteByte('+')
		case c == '_':
			clean.WriteByte('/')
		case c == '=':
			i = len(s)
		}
	}
	enc := clean.String()
	if len(enc)%4 == 1 {
		enc = enc[:len(enc)-1]
	}
	b, err := base64.RawStdEncoding.DecodeString(enc)
	if err != nil {
		return ""
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c & 0x7f)
	}
	return string(r)
}
