package core

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The reference SDK leans on JavaScript semantics that decide what a caller sees: `a || b`
// (truthiness), JSON.parse applied to values that are already parsed (it converts them with
// String() first, so ["1"] becomes 1 and {} fails), and JSON.stringify leaving out undefined.
// No library models these for Go values, so this file does, for the values the core carries:
//
//   - nil: JavaScript undefined (left out of JSON objects);
//   - json.RawMessage: a JSON value as the request carried it;
//   - anything else: a value a handler gave, encoded with encoding/json.

// jsNull is the JSON null, as a value distinct from undefined.
var jsNull = json.RawMessage("null")

// emptyObject is the `{}` the reference falls back to in many places.
var emptyObject = json.RawMessage("{}")

// emptyObjectValue is emptyObject as an interface value, boxed once: converting a slice to an
// interface allocates, and the request path does it for several fields of every task.
var emptyObjectValue any = emptyObject

// methodValue is m as an interface value, without allocating for the usual methods (an
// interface holding a constant string needs no allocation).
func methodValue(m string) any {
	switch m {
	case "GET":
		return "GET"
	case "POST":
		return "POST"
	case "PUT":
		return "PUT"
	case "DELETE":
		return "DELETE"
	case "HEAD":
		return "HEAD"
	case "OPTIONS":
		return "OPTIONS"
	}
	return m
}

// truthy reports whether JavaScript would treat v as true.
func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case json.RawMessage:
		return rawTruthy(x)
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

// rawTruthy is truthy for a JSON value.
func rawTruthy(raw json.RawMessage) bool {
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

// rawKind returns the first byte of a JSON value: '{', '[', '"', 'n', 't', 'f', or '0' for numbers.
func rawKind(raw json.RawMessage) byte {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return 0
	}
	switch c := raw[0]; c {
	case '{', '[', '"', 'n', 't', 'f':
		return c
	}
	return '0'
}

// rawString returns the string a JSON string holds, and whether raw is a JSON string.
func rawString(raw json.RawMessage) (string, bool) {
	if rawKind(raw) != '"' {
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

// stringOr returns the JSON string's content, or def when raw is not a string.
func stringOr(raw json.RawMessage, def string) string {
	if s, ok := rawString(raw); ok {
		return s
	}
	return def
}

// jsonParse mirrors JavaScript's JSON.parse(v) for a value the core carries: strings are parsed,
// other values are first turned into strings the way String() does. It reports false where
// JSON.parse would throw (objects always do; undefined does too).
func jsonParse(v any) (json.RawMessage, bool) {
	switch x := v.(type) {
	case nil:
		return nil, false
	case string:
		return parseJSONText(x)
	case json.RawMessage:
		switch rawKind(x) {
		case '"':
			s, _ := rawString(x)
			return parseJSONText(s)
		case '[':
			s, ok := arrayString(x)
			if !ok {
				return nil, false
			}
			return parseJSONText(s)
		case '{', 0:
			return nil, false
		}
		return x, true // numbers, booleans and null parse to themselves
	}
	raw, err := marshalJS(v)
	if err != nil {
		return nil, false
	}
	return jsonParse(raw)
}

// parseJSONText parses s as JSON.parse does; the result is the text itself, trimmed.
func parseJSONText(s string) (json.RawMessage, bool) {
	b := []byte(s)
	if !json.Valid(b) {
		return nil, false
	}
	return json.RawMessage(bytes.TrimSpace(b)), true
}

// arrayString is String(array) in JavaScript: the elements joined with commas, null and
// undefined as empty strings, nested arrays joined again, objects as "[object Object]".
func arrayString(raw json.RawMessage) (string, bool) {
	var elems []any
	if json.Unmarshal(raw, &elems) != nil {
		return "", false
	}
	var sb strings.Builder
	writeArrayString(&sb, elems)
	return sb.String(), true
}

func writeArrayString(sb *strings.Builder, elems []any) {
	for i, e := range elems {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(jsString(e))
	}
}

// jsString is String(v) for a value decoded by encoding/json into an interface.
func jsString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return formatNumber(x)
	case []any:
		var sb strings.Builder
		writeArrayString(&sb, x)
		return sb.String()
	}
	return "[object Object]"
}

// formatNumber prints a float64 as JavaScript's Number.prototype.toString does; encoding/json
// follows the same ECMAScript rules for finite numbers.
func formatNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	b, _ := json.Marshal(f)
	return string(b)
}

// marshalJS encodes v as JSON.stringify would for the values handlers give: HTML characters are
// not escaped, and a json.RawMessage is used as it is.
func marshalJS(v any) (json.RawMessage, error) {
	if raw, ok := v.(json.RawMessage); ok {
		return raw, nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// isJSArrayValue reports whether v, a handler's value, encodes as a JSON array.
func isJSArrayValue(v any) bool {
	switch x := v.(type) {
	case json.RawMessage:
		return rawKind(x) == '['
	case []any, []map[string]any, []string:
		return true
	case []byte:
		return false // encoding/json writes []byte as a base64 string
	}
	k := reflect.ValueOf(v).Kind()
	return k == reflect.Slice || k == reflect.Array
}

// parsedBody applies what the reference's receiver does to a response body before it sends it:
// `try { body = JSON.parse(body) } catch {}`. Only strings and arrays can change.
func parsedBody(v any) any {
	switch x := v.(type) {
	case string:
		if raw, ok := parseJSONText(x); ok {
			return raw
		}
		return v
	case json.RawMessage:
		if k := rawKind(x); k == '"' || k == '[' {
			if raw, ok := jsonParse(x); ok {
				return raw
			}
		}
		return v
	}
	if isJSArrayValue(v) {
		if raw, ok := jsonParse(v); ok {
			return raw
		}
	}
	return v
}
