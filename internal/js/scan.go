package js

import (
	"bytes"
	"encoding/json"
)

// Kind returns the first byte of a JSON value: '{', '[', '"', 'n', 't', 'f', or '0' for a number;
// 0 for no value (undefined).
func Kind(raw []byte) byte {
	i := skipSpace(raw, 0)
	if i >= len(raw) {
		return 0
	}
	switch c := raw[i]; c {
	case '{', '[', '"', 'n', 't', 'f':
		return c
	}
	return '0'
}

// Scan calls fn for each member of the JSON object raw, in order, with the key still quoted (so
// that comparing it allocates nothing), until fn returns false. It reports whether raw is a
// well-formed object that was read to its end.
func Scan(raw []byte, fn func(qkey, val []byte) bool) bool {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return false
	}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return true
	}
	for {
		if i >= len(raw) || raw[i] != '"' {
			return false
		}
		end := skipString(raw, i)
		if end < 0 {
			return false
		}
		qkey := raw[i:end]
		i = skipSpace(raw, end)
		if i >= len(raw) || raw[i] != ':' {
			return false
		}
		i = skipSpace(raw, i+1)
		vend := skipValue(raw, i)
		if vend < 0 || !fn(qkey, raw[i:vend:vend]) {
			return false
		}
		i = skipSpace(raw, vend)
		if i >= len(raw) {
			return false
		}
		switch raw[i] {
		case ',':
			i = skipSpace(raw, i+1)
		case '}':
			return true
		default:
			return false
		}
	}
}

// Each calls fn for each member of the JSON object raw, in order, duplicates included; nothing
// when raw is not an object. The values are slices of raw, not copies.
func Each(raw []byte, fn func(key string, val json.RawMessage)) {
	Scan(raw, func(qkey, val []byte) bool { fn(Unquote(qkey), val); return true })
}

// Field returns the value of key in the JSON object raw (the last one, as JSON.parse keeps), or
// nil when raw is not an object or has no such member.
func Field(raw []byte, key string) json.RawMessage {
	var found json.RawMessage
	Scan(raw, func(qkey, val []byte) bool {
		if KeyEquals(qkey, key) {
			found = val
		}
		return true
	})
	return found
}

// Elements calls fn for each element of the JSON array raw, in order; nothing when raw is not
// an array. It reports whether raw is a well-formed array that was read to its end.
func Elements(raw []byte, fn func(val json.RawMessage)) bool {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return false
	}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == ']' {
		return true
	}
	for {
		end := skipValue(raw, i)
		if end < 0 {
			return false
		}
		fn(raw[i:end:end])
		i = skipSpace(raw, end)
		if i >= len(raw) {
			return false
		}
		switch raw[i] {
		case ',':
			i = skipSpace(raw, i+1)
		case ']':
			return true
		default:
			return false
		}
	}
}

// KeyEquals compares a quoted JSON key with key, without allocating when it has no escapes.
func KeyEquals(qkey []byte, key string) bool {
	inner := qkey[1 : len(qkey)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return string(inner) == key
	}
	return Unquote(qkey) == key
}

// Unquote decodes a JSON string ("" when it is not one); a string without escapes costs one
// allocation at most.
func Unquote(q []byte) string {
	if len(q) < 2 || q[0] != '"' {
		return ""
	}
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

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the string starting at b[i] == '"', or -1.
func skipString(b []byte, i int) int {
	if i >= len(b) || b[i] != '"' {
		return -1
	}
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

// skipValue returns the index after the JSON value starting at b[i], or -1. It checks the nesting
// of objects and arrays and the ends of strings, no more.
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
