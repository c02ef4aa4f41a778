package lambda

import (
	"bytes"
	"strings"

	"github.com/flexgo/flexgo/internal/js"
)

// detect recognises an event: ALB events carry requestContext.elb, payload 2.0 says version
// "2.0", payload 1.0 carries httpMethod. It reads only the members it needs, without decoding
// the event: the decoder of the shape it names decodes the event once, in full (why:
// docs/performance.md). Keys match as encoding/json matches them: without regard to case, the
// last one winning.
func detect(payload []byte) Shape {
	var version, method, elb []byte
	ok := js.Scan(payload, func(qkey, val []byte) bool {
		switch {
		case keyIs(qkey, "version"):
			version = val
		case keyIs(qkey, "httpMethod"):
			method = val
		case keyIs(qkey, "requestContext"):
			elb = nil
			if len(val) > 0 && val[0] == '{' {
				return js.Scan(val, func(k, v []byte) bool {
					if keyIs(k, "elb") {
						elb = v
					}
					return true
				})
			}
		}
		return true
	})
	switch {
	case !ok:
		return ShapeAuto
	case len(elb) > 0 && elb[0] == '{':
		return ShapeALB
	case jsonString(version) == "2.0":
		return ShapeV2
	case jsonString(method) != "":
		return ShapeV1
	}
	return ShapeAuto
}

// jsonString is the content of a JSON string value, "" for anything else.
func jsonString(raw []byte) string { return js.StringOr(raw, "") }

// keyIs reports whether the quoted JSON key qkey is name without regard to case, as
// encoding/json matches keys; a key without escapes is compared in place, without allocating.
func keyIs(qkey []byte, name string) bool {
	inner := qkey[1 : len(qkey)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return bytes.EqualFold(inner, []byte(name))
	}
	return strings.EqualFold(js.Unquote(qkey), name)
}
