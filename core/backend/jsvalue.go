package backend

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"unicode"
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
	return jsNumberString(f)
}

// jsNumberString is JavaScript's Number.prototype.toString() (radix 10): the shortest digits
// that round-trip, in plain notation from 1e-6 up to 1e21 and exponential notation outside.
func jsNumberString(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0" // -0 too
	case f < 0:
		return "-" + jsNumberString(-f)
	}
	// "d.ddde±x": the digits, and n, the position of the decimal point after the first digit.
	e := strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	x, _ := strconv.Atoi(exp)
	k, n := len(digits), x+1
	switch {
	case k <= n && n <= 21:
		return digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return "0." + strings.Repeat("0", -n) + digits
	}
	sign := "+"
	if n-1 < 0 {
		sign = "-"
	}
	abs := strconv.Itoa(int(math.Abs(float64(n - 1))))
	if k == 1 {
		return digits + "e" + sign + abs
	}
	return digits[:1] + "." + digits[1:] + "e" + sign + abs
}

// jsToNumber is JavaScript's Number(s) for a string, as `apiVersion > 1` converts the version:
// whitespace trimmed, "" is 0, decimal, Infinity and 0x/0o/0b literals; anything else is NaN.
func jsToNumber(s string) float64 {
	s = strings.TrimFunc(s, isJSSpace)
	if s == "" {
		return 0
	}
	if len(s) > 2 && s[0] == '0' {
		base := 0
		switch s[1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
		if base != 0 {
			return parseRadix(s[2:], base)
		}
	}
	body := s
	if body[0] == '+' || body[0] == '-' {
		body = body[1:]
	}
	if body == "Infinity" {
		if s[0] == '-' {
			return math.Inf(-1)
		}
		return math.Inf(1)
	}
	if !isDecimalLiteral(body) {
		return math.NaN()
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return math.NaN()
		}
	}
	return f
}

// isDecimalLiteral reports whether s is StrUnsignedDecimalLiteral without Infinity: digits with
// an optional fraction, or a fraction alone, then an optional exponent.
func isDecimalLiteral(s string) bool {
	i, digits := 0, 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return false
		}
	}
	return i == len(s)
}

// parseRadix reads an unsigned integer literal of the base as a double, NaN when malformed.
func parseRadix(s string, base int) float64 {
	if s == "" {
		return math.NaN()
	}
	f := 0.0
	for i := 0; i < len(s); i++ {
		d, err := strconv.ParseUint(s[i:i+1], base, 8)
		if err != nil {
			return math.NaN()
		}
		f = f*float64(base) + float64(d)
	}
	return f
}

// isJSSpace is JavaScript's WhiteSpace or LineTerminator, what String.prototype.trim removes.
func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a || unicode.Is(unicode.Zs, r)
}
