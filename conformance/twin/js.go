package twin

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
)

// The reference service spreads request values into objects ({_id: "new", ...body}) and puts
// them in template strings. These helpers reproduce what JavaScript does with each JSON type, so
// the twin answers odd bodies exactly as the reference does.

// assign is Object.assign(target, value) for a JSON value: an object's members, an array's
// elements and a string's UTF-16 units become members; other values add nothing.
func assign(target map[string]any, raw json.RawMessage) map[string]any {
	v, ok := decodeJS(raw)
	if !ok {
		return target
	}
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if k == "__proto__" { // assigning __proto__ sets the prototype: no member appears
				continue
			}
			target[k] = e
		}
	case []any:
		for i, e := range x {
			target[strconv.Itoa(i)] = e
		}
	case string:
		for i, u := range utf16.Encode([]rune(x)) {
			target[strconv.Itoa(i)] = string(utf16.Decode([]uint16{u}))
		}
	}
	return target
}

// stringOf is String(v) for a decoded JSON value.
func stringOf(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		b, _ := json.Marshal(x)
		return string(b)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = stringOf(e)
		}
		return strings.Join(parts, ",")
	}
	return "[object Object]"
}

// decodeJS decodes JSON as JSON.parse does: a number beyond float64 is Infinity, which
// JSON.stringify writes as null.
func decodeJS(raw json.RawMessage) (any, bool) {
	if raw == nil {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil, false
	}
	return numbersToFloats(v), true
}

func numbersToFloats(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil && !math.IsInf(f, 0) {
			return nil
		}
		if math.IsInf(f, 0) {
			return nil
		}
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = numbersToFloats(e)
		}
	case []any:
		for i, e := range x {
			x[i] = numbersToFloats(e)
		}
	}
	return v
}
