package core

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// appendJS appends v as JSON.stringify would write it. The values the core builds answers from
// (jsObject, raw JSON, strings, numbers, booleans) are written directly; anything else a handler
// gives goes through encoding/json (without HTML escaping). This is on every request's path:
// encoding/json's Encoder costs a buffer and a state per value, which dominated the core's
// allocations before this.
func appendJS(dst []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case json.RawMessage:
		if len(x) == 0 {
			return append(dst, "null"...), nil
		}
		return append(dst, x...), nil
	case string:
		return appendQuoted(dst, x), nil
	case bool:
		return strconv.AppendBool(dst, x), nil
	case int:
		return strconv.AppendInt(dst, int64(x), 10), nil
	case jsObject:
		return x.appendTo(dst)
	case *Error:
		debug := x.Debug
		if debug == nil {
			debug = emptyObject
		}
		return jsObject{{"error", string(x.Kind)}, {"description", x.description()}, {"debug", debug}}.appendTo(dst)
	case *TempObjectStore: // our own encoders: no need to check their output
		if x == nil {
			return append(dst, "null"...), nil
		}
		raw, err := x.MarshalJSON()
		return append(dst, raw...), err
	case *FunctionContext:
		if x == nil {
			return append(dst, "null"...), nil
		}
		return x.object().appendTo(dst)
	case SecurityContext:
		return appendQuoted(dst, string(x)), nil
	case float64:
		if !math.IsInf(x, 0) && !math.IsNaN(x) {
			return append(dst, formatNumber(x)...), nil
		}
	case map[string]any:
		return appendMap(dst, x)
	case map[string]string:
		return appendStringMap(dst, x), nil
	case []any:
		dst = append(dst, '[')
		var err error
		for i, e := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			if dst, err = appendJS(dst, e); err != nil {
				return dst, err
			}
		}
		return append(dst, ']'), nil
	}
	raw, err := marshalJS(v)
	if err != nil {
		return dst, err
	}
	return append(dst, raw...), nil
}

// appendMap writes a map with its keys sorted, as encoding/json does.
func appendMap[V any](dst []byte, m map[string]V) ([]byte, error) {
	var small [8]string // most answers are small objects: their keys need no allocation
	keys := small[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	dst = append(dst, '{')
	var err error
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendQuoted(dst, k)
		dst = append(dst, ':')
		if dst, err = appendJS(dst, m[k]); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// appendStringMap is appendMap for string values, which it writes without boxing each one.
func appendStringMap(dst []byte, m map[string]string) []byte {
	var small [8]string
	keys := small[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	dst = append(dst, '{')
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendQuoted(dst, k)
		dst = append(dst, ':')
		dst = appendQuoted(dst, m[k])
	}
	return append(dst, '}')
}

// appendTo writes the object's defined fields in order.
func (o jsObject) appendTo(dst []byte) ([]byte, error) {
	dst = append(dst, '{')
	first := true
	var err error
	for _, f := range o {
		if f.val == nil {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = appendQuoted(dst, f.key)
		dst = append(dst, ':')
		if dst, err = appendJS(dst, f.val); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

const hexDigits = "0123456789abcdef"

// appendQuoted writes s as a JSON string: quotes, backslashes and control characters escaped,
// invalid UTF-8 replaced by U+FFFD (as encoding/json does), HTML characters left alone (as
// JSON.stringify does).
func appendQuoted(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
