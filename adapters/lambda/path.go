package lambda

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// The fronts differ in what they pass on: REST APIs, Function URLs and ALBs deliver the path still
// percent-encoded, HTTP APIs deliver it decoded. rawPath tells neither apart, so escapeDecodedPath
// escapes only what cannot stand in an encoded path (a bare "%", spaces, "?", "#", control and
// non-ASCII bytes): an encoded path passes unchanged, a decoded one becomes a valid encoded path.
// What an HTTP API decoded away for good (an id's %2F became "/") cannot be restored: serve ids
// holding slashes through a Function URL or a REST API.
func escapeDecodedPath(p string) string {
	clean := true
	for i := 0; i < len(p); i++ {
		if mustEscape(p, i) {
			clean = false
			break
		}
	}
	if clean {
		return p
	}
	var sb strings.Builder
	for i := 0; i < len(p); i++ {
		if mustEscape(p, i) {
			sb.WriteByte('%')
			sb.WriteByte("0123456789ABCDEF"[p[i]>>4])
			sb.WriteByte("0123456789ABCDEF"[p[i]&15])
			continue
		}
		sb.WriteByte(p[i])
	}
	return sb.String()
}

func mustEscape(p string, i int) bool {
	c := p[i]
	switch {
	case c == '%':
		return i+2 >= len(p) || !isHex(p[i+1]) || !isHex(p[i+2])
	case c <= ' ', c >= 0x7f, c == '?', c == '#':
		return true
	}
	return false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// stripStage removes a REST API stage (or a custom domain's base path) that leaked into path.
func stripStage(path, stage string) string {
	if stage == "" || stage == "$default" {
		return path
	}
	prefix := "/" + stage
	if path == prefix {
		return "/"
	}
	if strings.HasPrefix(path, prefix+"/") {
		return path[len(prefix):]
	}
	return path
}

// encodeQuery rebuilds a query string from decoded parameters (API Gateway v1), keys sorted and
// repeated values in order, escaped so that Express decodes exactly these values again.
func encodeQuery(single map[string]string, multi map[string][]string) string {
	if len(multi) == 0 && len(single) == 0 {
		return ""
	}
	params := multi
	if len(params) == 0 {
		params = make(map[string][]string, len(single))
		for k, v := range single {
			params[k] = []string{v}
		}
	}
	return url.Values(params).Encode()
}

// joinRawQuery rebuilds a query string from parameters an ALB passes on as they were sent.
func joinRawQuery(single map[string]string, multi map[string][]string) string {
	keys := make([]string, 0, max(len(single), len(multi)))
	if len(multi) > 0 {
		for k := range multi {
			keys = append(keys, k)
		}
	} else {
		for k := range single {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var sb strings.Builder
	for _, k := range keys {
		values := multi[k]
		if len(multi) == 0 {
			values = []string{single[k]}
		}
		for _, v := range values {
			if sb.Len() > 0 {
				sb.WriteByte('&')
			}
			sb.WriteString(k)
			sb.WriteByte('=')
			sb.WriteString(v)
		}
	}
	return sb.String()
}

// headers builds canonical request headers from an event's single- and multi-value maps.
func headers(single map[string]string, multi map[string][]string) http.Header {
	h := make(http.Header, max(len(single), len(multi)))
	if len(multi) > 0 {
		for k, vs := range multi {
			for _, v := range vs {
				h.Add(k, v)
			}
		}
		return h
	}
	for k, v := range single {
		h.Add(k, v)
	}
	return h
}

// body decodes an event's body.
func body(s string, base64Encoded bool) ([]byte, error) {
	if base64Encoded {
		return base64.StdEncoding.DecodeString(s)
	}
	return []byte(s), nil
}
