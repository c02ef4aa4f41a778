package js

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Appender is a value that writes its own JSON, as JSON.stringify would see it. flexgo's own
// types (the Kinvey error, the functions context, the temp object store) are Appenders, so that
// writing an answer goes through no reflection and no intermediate value.
type Appender interface {
	AppendJSON(dst []byte) ([]byte, error)
}

// Append appends v as JSON.stringify would write it: undefined (nil) as null where a value must
// be written, raw JSON as it is, strings, booleans and numbers as JavaScript writes them,
// Appenders and maps (keys sorted, as encoding/json sorts them) directly, anything else through
// encoding/json without HTML escaping. It is on every request's path: encoding/json's Encoder
// costs a buffer and a state per value.
func Append(dst []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case json.RawMessage:
		if len(x) == 0 {
			return append(dst, "null"...), nil
		}
		return append(dst, x...), nil
	case string:
		return AppendQuoted(dst, x), nil
	case bool:
		return strconv.AppendBool(dst, x), nil
	case int:
		return strconv.AppendInt(dst, int64(x), 10), nil
	case Object:
		return x.AppendJSON(dst)
	case float64:
		if !math.IsInf(x, 0) && !math.IsNaN(x) {
			return append(dst, FormatNumber(x)...), nil
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
			if dst, err = Append(dst, e); err != nil {
				return dst, err
			}
		}
		return append(dst, ']'), nil
	case Appender: // after the concrete types: an interface case costs a method-table lookup
		return x.AppendJSON(dst)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return dst, err
	}
	return append(dst, bytes.TrimRight(buf.Bytes(), "\n")...), nil
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
		dst = AppendQuoted(dst, k)
		dst = append(dst, ':')
		if dst, err = Append(dst, m[k]); err != nil {
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
		dst = AppendQuoted(dst, k)
		dst = append(dst, ':')
		dst = AppendQuoted(dst, m[k])
	}
	return append(dst, '}')
}

const hexDigits = "0123456789abcdef"

// AppendQuoted writes s as a JSON string: quotes, backslashes and control characters escaped,
// invalid UTF-8 replaced by U+FFFD (as encoding/json does), HTML characters left alone (as
// JSON.stringify does).
func AppendQuoted(dst []byte, s string) []byte {
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
