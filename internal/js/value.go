package js

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Null is the JSON null, a value distinct from undefined (nil).
var Null = json.RawMessage("null")

// EmptyObject is the `{}` the Node SDK falls back to in many places.
var EmptyObject = json.RawMessage("{}")

// EmptyObjectValue is EmptyObject as an interface value, boxed once: converting a slice to an
// interface allocates, and the request path does it for several values of every request.
var EmptyObjectValue any = EmptyObject

// Truthy reports whether JavaScript would treat v as true.
func Truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case json.RawMessage:
		return RawTruthy(x)
	case string:
		return x != ""
	case bool:
		return x
	case float64:
		return x != 0 && !math.IsNaN(x)
	case float32:
		return x != 0 && !math.IsNaN(float64(x))
	case int:
		return x != 0
	case int64:
		return x != 0
	case int32:
		return x != 0
	case json.Number:
		f, err := x.Float64()
		return err != nil || f != 0
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		// A nil map or slice encodes as null; a nil pointer too.
		return !rv.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return rv.Uint() != 0
	case reflect.Float32, reflect.Float64:
		return rv.Float() != 0 && !math.IsNaN(rv.Float())
	case reflect.String:
		return rv.Len() > 0
	case reflect.Bool:
		return rv.Bool()
	}
	return true
}

// RawTruthy is Truthy for a JSON value: false for undefined, null, false, 0 and "", true for
// every object and array.
func RawTruthy(raw []byte) bool {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return false
	}
	switch raw[0] {
	case 'n', 'f':
		return false
	case '"':
		return len(raw) > 2
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		f, err := strconv.ParseFloat(string(raw), 64)
		return err != nil || f != 0
	}
	return true
}

// RawString returns the string a JSON string holds, and whether raw is a JSON string.
func RawString(raw []byte) (string, bool) {
	if Kind(raw) != '"' {
		return "", false
	}
	raw = bytes.TrimSpace(raw)
	if inner := raw[1 : len(raw)-1]; bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return string(inner), true
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// StringOr returns the JSON string's content, or def when raw is not a string.
func StringOr(raw []byte, def string) string {
	if s, ok := RawString(raw); ok {
		return s
	}
	return def
}

// Number is JSON.parse of a JSON number: the nearest double, ±Infinity when out of range; false
// when raw is not a number.
func Number(raw []byte) (float64, bool) {
	f, err := strconv.ParseFloat(string(bytes.TrimSpace(raw)), 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return 0, false
		}
	}
	return f, true
}

// String is String(v) for a JSON value: "undefined" for no value, strings as they are, numbers as
// JavaScript prints them, objects as "[object Object]", arrays joined with commas (null and
// undefined elements as "").
func String(raw []byte) string {
	switch Kind(raw) {
	case 0:
		return "undefined"
	case 'n':
		return "null"
	case 't':
		return "true"
	case 'f':
		return "false"
	case '"':
		s, _ := RawString(raw)
		return s
	case '{':
		return "[object Object]"
	case '[':
		var sb strings.Builder
		first := true
		Elements(raw, func(v json.RawMessage) {
			if !first {
				sb.WriteByte(',')
			}
			first = false
			if k := Kind(v); k != 'n' && k != 0 {
				sb.WriteString(String(v))
			}
		})
		return sb.String()
	}
	f, ok := Number(raw)
	if !ok {
		return ""
	}
	return FormatNumber(f)
}

// StringOf is String(v) for a value flexgo carries: a Go string as it is, a JSON value as [String]
// reads it, anything else as its JSON would read.
func StringOf(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.RawMessage:
		return String(x)
	case nil:
		return "undefined"
	}
	raw, err := Marshal(v)
	if err != nil {
		return ""
	}
	return String(raw)
}

// NumberOf is Number(v) for a string or JSON number flexgo carries; NaN for anything else.
func NumberOf(v any) float64 {
	switch x := v.(type) {
	case int:
		return float64(x)
	case string:
		return ToNumber(x)
	case json.RawMessage:
		if s, ok := RawString(x); ok {
			return ToNumber(s)
		}
		if k := Kind(x); k == '0' {
			return ToNumber(string(x))
		}
	}
	return math.NaN()
}

// Parse mirrors JSON.parse(v) for a value flexgo carries: strings are parsed, other values are
// first turned into strings as String() does. It reports false where JSON.parse would throw
// (objects always do; undefined does too).
func Parse(v any) (json.RawMessage, bool) {
	switch x := v.(type) {
	case nil:
		return nil, false
	case string:
		return ParseText(x)
	case json.RawMessage:
		switch Kind(x) {
		case '"':
			s, _ := RawString(x)
			return ParseText(s)
		case '[':
			return ParseText(String(x))
		case '{', 0:
			return nil, false
		}
		return x, true // numbers, booleans and null parse to themselves
	}
	raw, err := Marshal(v)
	if err != nil {
		return nil, false
	}
	return Parse(raw)
}

// ParseText parses s as JSON.parse does; the result is the text itself, trimmed.
func ParseText(s string) (json.RawMessage, bool) {
	b := []byte(s)
	if !json.Valid(b) {
		return nil, false
	}
	return json.RawMessage(bytes.TrimSpace(b)), true
}

// ParseOr is `try { v = JSON.parse(v) } catch {}`: the parsed value where JSON.parse succeeds,
// else v. Only strings and arrays can change.
func ParseOr(v any) any {
	switch x := v.(type) {
	case string:
		if raw, ok := ParseText(x); ok {
			return raw
		}
		return v
	case json.RawMessage:
		if k := Kind(x); k == '"' || k == '[' {
			if raw, ok := Parse(x); ok {
				return raw
			}
		}
		return v
	}
	if IsArray(v) {
		if raw, ok := Parse(v); ok {
			return raw
		}
	}
	return v
}

// IsArray reports whether v is written as a JSON array.
func IsArray(v any) bool {
	switch x := v.(type) {
	case json.RawMessage:
		return Kind(x) == '['
	case []any, []map[string]any, []string:
		return true
	case []byte:
		return false // encoding/json writes []byte as a base64 string
	}
	k := reflect.ValueOf(v).Kind()
	return k == reflect.Slice || k == reflect.Array
}

// IsObject is `typeof v === 'object'` for a value that is not null: objects and arrays.
func IsObject(v any) bool {
	switch x := v.(type) {
	case nil, string, bool, float64, int:
		return false
	case json.RawMessage:
		k := Kind(x)
		return k == '{' || k == '['
	}
	return true
}

// IsNull reports whether v is the JSON null.
func IsNull(v any) bool {
	raw, ok := v.(json.RawMessage)
	return ok && Kind(raw) == 'n'
}

// Raw encodes v as JSON (nil, undefined, stays nil).
func Raw(v any) json.RawMessage {
	if v == nil {
		return nil
	}
	raw, err := Marshal(v)
	if err != nil {
		return nil
	}
	return raw
}

// Marshal encodes v as JSON.stringify would: see [Append].
func Marshal(v any) (json.RawMessage, error) {
	if raw, ok := v.(json.RawMessage); ok {
		return raw, nil
	}
	return Append(nil, v)
}

// HasKeys is `v && Object.keys(v).length > 0` for a JSON value.
func HasKeys(raw json.RawMessage) bool {
	switch Kind(raw) {
	case '"':
		return RawTruthy(raw)
	case '[':
		n := 0
		Elements(raw, func(json.RawMessage) { n++ })
		return n > 0
	case '{':
		n := 0
		Scan(raw, func(_, _ []byte) bool { n++; return false })
		return n > 0
	}
	return false
}
