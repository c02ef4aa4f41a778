package lambda

import (
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
	ok := eachMember(payload, func(key string, val []byte) bool {
		switch {
		case strings.EqualFold(key, "version"):
			version = val
		case strings.EqualFold(key, "httpMethod"):
			method = val
		case strings.EqualFold(key, "requestContext"):
			elb = nil
			if len(val) > 0 && val[0] == '{' {
				return eachMember(val, func(k string, v []byte) bool {
					if strings.EqualFold(k, "elb") {
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

// eachMember calls fn with each member of the JSON object obj (key decoded, value raw) until fn
// returns false; it reports whether obj is a well-formed object and fn never refused.
func eachMember(obj []byte, fn func(key string, val []byte) bool) bool {
	return js.Scan(obj, func(qkey, val []byte) bool { return fn(js.Unquote(qkey), val) })
}
