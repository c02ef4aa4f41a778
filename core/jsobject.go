package core

import (
	"bytes"
	"encoding/json"
)

// jsObject is a JavaScript object with its keys in insertion order, for the answers whose shape
// the reference builds field by field. A field whose value is nil (undefined) is left out, as
// JSON.stringify does.
type jsObject []jsField

type jsField struct {
	key string
	val any
}

// MarshalJSON writes the object's defined fields in order.
func (o jsObject) MarshalJSON() ([]byte, error) { return o.appendTo(nil) }

// rawField returns the value of key in a JSON object (the last one, as JSON.parse keeps), or nil
// when raw is not an object or has no such key.
func rawField(raw json.RawMessage, key string) json.RawMessage {
	var found json.RawMessage
	rawScan(raw, func(qkey []byte, v json.RawMessage) {
		if keyEquals(qkey, key) {
			found = v
		}
	})
	return found
}

// keyEquals compares a quoted JSON key with key without allocating when it has no escapes.
func keyEquals(qkey []byte, key string) bool {
	inner := qkey[1 : len(qkey)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return string(inner) == key
	}
	return unquoteKey(qkey) == key
}

// rawEach calls fn for each member of a JSON object, in order; nothing when raw is not an object.
// The values are slices of raw, not copies. It scans by hand because json.Decoder costs a dozen
// allocations per member on the request path; raw has passed json.Valid (or comes from
// encoding/json), and on anything malformed the scan simply stops.
func rawEach(raw json.RawMessage, fn func(key string, val json.RawMessage)) {
	rawScan(raw, func(qkey []byte, val json.RawMessage) { fn(unquoteKey(qkey), val) })
}

// rawScan is rawEach with the keys still quoted.
func rawScan(raw json.RawMessage, fn func(qkey []byte, val json.RawMessage)) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return
	}
	i++
	for {
		i = skipSpace(raw, i)
		if i >= len(raw) || raw[i] != '"' {
			return
		}
		end := skipString(raw, i)
		if end < 0 {
			return
		}
		qkey := raw[i:end]
		i = skipSpace(raw, end)
		if i >= len(raw) || raw[i] != ':' {
			return
		}
		i = skipSpace(raw, i+1)
		vend := skipValue(raw, i)
		if vend < 0 {
			return
		}
		fn(qkey, raw[i:vend:vend])
		i = skipSpace(raw, vend)
		if i >= len(raw) || raw[i] != ',' {
			return
		}
		i++
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the string starting at b[i] == '"', or -1.
func skipString(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// skipValue returns the index after the JSON value starting at b[i], or -1.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				j = skipString(b, j)
				if j < 0 {
					return -1
				}
				j--
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' &&
		b[j] != '\t' && b[j] != '\n' && b[j] != '\r' {
		j++
	}
	if j == i {
		return -1
	}
	return j
}

// unquoteKey decodes a JSON string; the fast path is a key without escapes.
func unquoteKey(q []byte) string {
	inner := q[1 : len(q)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return string(inner)
	}
	var s string
	if json.Unmarshal(q, &s) != nil {
		return ""
	}
	return s
}
