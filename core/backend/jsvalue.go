package backend

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/flexgo/flexgo/core/internal/jsnum"
)

// The reference's modules test and concatenate the values they are given with JavaScript's
// rules (`!entity`, `url += entity._id`, `apiVersion > 1`). The helpers here apply those rules
// to JSON values, which is what a Go value becomes before it is sent.

// jsonKind is the first byte of a JSON value: '{', '[', '"', 't', 'f', 'n', or the first byte of
// a number; 0 for no value (JavaScript's undefined).
func jsonKind(raw []byte) byte {
	for _, c := range raw {
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		}
		return c
	}
	return 0
}

// jsTruthy is JavaScript's Boolean(v) for a JSON value: false for undefined, null, false, 0 and
// "", true for every object and array.
func jsTruthy(raw []byte) bool {
	switch jsonKind(raw) {
	case 0, 'n', 'f':
		return false
	case '"':
		return string(bytes.TrimSpace(raw)) != `""`
	case '{', '[', 't':
		return true
	}
	f, ok := jsonNumber(raw)
	return ok && f != 0 && !math.IsNaN(f)
}

// jsonNumber is JSON.parse of a JSON number: the nearest double, ±Infinity when out of range.
func jsonNumber(raw []byte) (float64, bool) {
	f, err := strconv.ParseFloat(string(bytes.TrimSpace(raw)), 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return 0, false
		}
	}
	return f, true
}

// member returns the value of key in a JSON object (the last one when the key repeats, as
// JSON.parse keeps), or nil when raw is not an object or has no such member.
func member(raw []byte, key string) json.RawMessage {
	if jsonKind(raw) != '{' {
		return nil
	}
	var found json.RawMessage
	_ = eachMember(raw, func(k string, v json.RawMessage) {
		if k == key {
			found = v
		}
	})
	return found
}

// eachMember calls f for every member of a JSON object, in order, duplicates included.
func eachMember(raw []byte, f func(key string, v json.RawMessage)) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return errNotObject
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return err
		}
		f(key, v)
	}
	_, err := dec.Token()
	return err
}

// eachElement calls f for every element of a JSON array, in order.
func eachElement(raw []byte, f func(v json.RawMessage)) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return errNotArray
	}
	for dec.More() {
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return err
		}
		f(v)
	}
	_, err := dec.Token()
	return err
}

// jsString is JavaScript's String(v) for a JSON value, as `url += entity._id` and
// `new Error(body.error)` apply it: strings as they are, numbers as JavaScript prints them,
// objects as "[object Object]", arrays joined with commas.
func jsString(raw []byte) string {
	switch jsonKind(raw) {
	case 0:
		return "undefined"
	case 'n':
		return "null"
	case 't':
		return "true"
	case 'f':
		return "false"
	case '"':
		var s string
		_ = json.Unmarshal(raw, &s)
		return s
	case '{':
		return "[object Object]"
	case '[':
		var parts []string
		_ = eachElement(raw, func(v json.RawMessage) {
			if k := jsonKind(v); k == 'n' || k == 0 {
				parts = append(parts, "") // join() writes null and undefined as ""
				return
			}
			parts = append(parts, jsString(v))
		})
		return strings.Join(parts, ",")
	}
	f, ok := jsonNumber(raw)
	if !ok {
		return ""
	}
	return jsnum.String(f)
}
