package lambda

import (
	"bytes"
	"encoding/json"
	"strings"
)

// detect recognises an event: ALB events carry requestContext.elb, payload 2.0 says version
// "2.0", payload 1.0 carries httpMethod. It reads only the members it needs, without decoding
// the event: the decoder of the shape it names decodes the event once, in full. (Probing with
// json.Unmarshal cost a whole extra validation and decode of every event: a fifth of an
// invocation in BenchmarkInvokeV2. encoding/json offers no cheaper way to read three members,
// hence the small scanner below.) Keys match as encoding/json matches them: without regard to
// case, the last one winning.
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
func jsonString(raw []byte) string {
	if len(raw) < 2 || raw[0] != '"' {
		return ""
	}
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[1 : len(raw)-1])
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// eachMember calls fn with each member of the JSON object obj (key decoded, value raw) until fn
// returns false; it reports whether obj is a well-formed object and fn never refused.
func eachMember(obj []byte, fn func(key string, val []byte) bool) bool {
	i := skipSpace(obj, 0)
	if i >= len(obj) || obj[i] != '{' {
		return false
	}
	i = skipSpace(obj, i+1)
	if i < len(obj) && obj[i] == '}' {
		return true
	}
	for {
		end, ok := skipString(obj, i)
		if !ok {
			return false
		}
		key := jsonString(obj[i:end])
		i = skipSpace(obj, end)
		if i >= len(obj) || obj[i] != ':' {
			return false
		}
		i = skipSpace(obj, i+1)
		vend, ok := skipValue(obj, i)
		if !ok || !fn(key, obj[i:vend]) {
			return false
		}
		i = skipSpace(obj, vend)
		if i >= len(obj) {
			return false
		}
		switch obj[i] {
		case ',':
			i = skipSpace(obj, i+1)
		case '}':
			return true
		default:
			return false
		}
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index just past the JSON string starting at i.
func skipString(b []byte, i int) (int, bool) {
	if i >= len(b) || b[i] != '"' {
		return 0, false
	}
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1, true
		}
	}
	return 0, false
}

// skipValue returns the index just past the JSON value starting at i. It checks the nesting of
// objects and arrays and the ends of strings, which is all detect relies on; the decoder of the
// shape validates the event in full afterwards.
func skipValue(b []byte, i int) (int, bool) {
	if i >= len(b) {
		return 0, false
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				end, ok := skipString(b, i)
				if !ok {
					return 0, false
				}
				i = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1, true
				}
			}
		}
		return 0, false
	}
	start := i
	for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' && b[i] != '\t' && b[i] != '\n' && b[i] != '\r' {
		i++
	}
	return i, i > start
}
