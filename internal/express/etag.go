package express

import (
	"crypto/sha1"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
)

// NotModified reports what Express's res.send does for a conditional GET or HEAD: the body's weak
// ETag is compared with If-None-Match and a fresh answer becomes 304 with no body. flexgo does
// not send ETag on every answer (hashing each body would cost every request); it answers 304
// exactly where the reference would, which matters for clients that send If-None-Match: *.
func NotModified(method string, h http.Header, status int, body []byte) bool {
	if method != http.MethodGet && method != http.MethodHead {
		return false
	}
	if status < 200 || status >= 300 {
		return false
	}
	noneMatch := h.Get("If-None-Match")
	if noneMatch == "" {
		return false
	}
	if strings.Contains(strings.ToLower(h.Get("Cache-Control")), "no-cache") {
		return false
	}
	if h.Get("If-Modified-Since") != "" {
		return false // no Last-Modified is ever sent, so fresh() finds the answer stale
	}
	if strings.TrimSpace(noneMatch) == "*" {
		return true
	}
	etag := weakETag(body)
	for _, m := range strings.Split(noneMatch, ",") {
		m = strings.TrimSpace(m)
		if m == etag || "W/"+m == etag || m == "W/"+etag {
			return true
		}
	}
	return false
}

// weakETag is the etag package's weak tag of a body, as Express computes it.
func weakETag(body []byte) string {
	sum := sha1.Sum(body)
	hash := base64.StdEncoding.EncodeToString(sum[:])[:27]
	return `W/"` + strconv.FormatInt(int64(len(body)), 16) + "-" + hash + `"`
}
