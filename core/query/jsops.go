package query

import (
	"github.com/flexgo/flexgo/internal/js"

	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// JavaScript semantics over the value model (see value.go).

func typeOf(v any) string {
	switch v.(type) {
	case undefinedType:
		return "undefined"
	case nil:
		return "object"
	case bool:
		return "boolean"
	case float64:
		return "number"
	case string:
		return "string"
	}
	return "object"
}

func isUndefined(v any) bool { _, ok := v.(undefinedType); return ok }

// isNullish is v == null (null or undefined).
func isNullish(v any) bool { return v == nil || isUndefined(v) }

func truthy(v any) bool {
	switch x := v.(type) {
	case undefinedType, nil:
		return false
	case bool:
		return x
	case float64:
		return x != 0 && x == x
	case string:
		return x != ""
	}
	return true
}

func isArray(v any) bool { _, ok := v.(*jsArray); return ok }

// strictEquals is ===.
func strictEquals(a, b any) bool {
	switch x := a.(type) {
	case undefinedType:
		return isUndefined(b)
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case float64:
		y, ok := b.(float64)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case *jsArray:
		y, ok := b.(*jsArray)
		return ok && x == y
	case *jsObject:
		y, ok := b.(*jsObject)
		return ok && x == y
	case *jsDate:
		y, ok := b.(*jsDate)
		return ok && x == y
	case *RegExp:
		y, ok := b.(*RegExp)
		return ok && x == y
	}
	return false
}

// looseEquals is ==.
func looseEquals(a, b any) bool {
	if typeOf(a) == typeOf(b) && (a == nil) == (b == nil) {
		return strictEquals(a, b)
	}
	if isNullish(a) && isNullish(b) {
		return true
	}
	if isNullish(a) || isNullish(b) {
		return false
	}
	switch {
	case isObjectLike(a) && !isObjectLike(b):
		return looseEquals(toPrimitive(a, "default"), b)
	case !isObjectLike(a) && isObjectLike(b):
		return looseEquals(a, toPrimitive(b, "default"))
	}
	return toNumber(a) == toNumber(b)
}

func isObjectLike(v any) bool {
	switch v.(type) {
	case *jsArray, *jsObject, *jsDate, *RegExp:
		return true
	}
	return false
}

// toPrimitive is ToPrimitive with the given hint ("number", "string" or
// "default").
func toPrimitive(v any, hint string) any {
	switch x := v.(type) {
	case *jsArray:
		return arrayJoin(x, ",")
	case *jsObject:
		return "[object Object]"
	case *RegExp:
		return x.String()
	case *jsDate:
		if hint == "number" {
			return x.ms
		}
		return dateToString(x.ms)
	}
	return v
}

func toNumber(v any) float64 {
	switch x := v.(type) {
	case undefinedType:
		return math.NaN()
	case nil:
		return 0
	case bool:
		if x {
			return 1
		}
		return 0
	case float64:
		return x
	case string:
		return js.ToNumber(x)
	}
	return toNumber(toPrimitive(v, "number"))
}

func toJSString(v any) string {
	switch x := v.(type) {
	case undefinedType:
		return "undefined"
	case nil:
		return "null"
	case bool:
		if x {
			return "true"
		}
		return "false"
	case float64:
		return js.FormatNumber(x)
	case string:
		return x
	}
	return toJSString(toPrimitive(v, "string"))
}

func arrayJoin(a *jsArray, sep string) string {
	var b strings.Builder
	for i, e := range a.elems {
		if i > 0 {
			b.WriteString(sep)
		}
		if !isNullish(e) {
			b.WriteString(toJSString(e))
		}
	}
	return b.String()
}

// lessThan is the abstract relational comparison x < y: 1 true, 0 false,
// -1 undefined (a NaN was involved).
func lessThan(x, y any) int {
	px := toPrimitive(x, "number")
	py := toPrimitive(y, "number")
	sx, okx := px.(string)
	sy, oky := py.(string)
	if okx && oky {
		if compareStrings(sx, sy) < 0 {
			return 1
		}
		return 0
	}
	nx, ny := toNumber(px), toNumber(py)
	if nx != nx || ny != ny {
		return -1
	}
	if nx < ny {
		return 1
	}
	return 0
}

func jsLess(x, y any) bool { return lessThan(x, y) == 1 }

func trimJSSpaceLeft(s string) string {
	return strings.TrimLeftFunc(s, js.IsSpace)
}

// parseFloat is the global parseFloat applied to a string.
func parseFloat(s string) float64 {
	s = trimJSSpaceLeft(s)
	n := js.DecimalPrefix(s)
	if n == 0 {
		return math.NaN()
	}
	return js.ParseDecimal(s[:n])
}

// jsParseFloat is parseFloat(v) for any value (ToString first).
func jsParseFloat(v any) float64 {
	if f, ok := v.(float64); ok {
		if f == 0 {
			return 0 // String(-0) is "0"
		}
		return f
	}
	return parseFloat(toJSString(v))
}

// getProp is v[key] for own properties (inherited members of the built-in
// prototypes are not modelled, see the package documentation).
func getProp(v any, key string) any {
	switch x := v.(type) {
	case *jsObject:
		if e, ok := x.vals[key]; ok {
			return e
		}
	case *jsArray:
		if key == "length" {
			return float64(len(x.elems))
		}
		if i, ok := arrayIndex(key); ok && int(i) < len(x.elems) {
			return x.elems[i]
		}
	case string:
		if key == "length" {
			return float64(strLen(x))
		}
		if i, ok := arrayIndex(key); ok {
			if isASCII(x) {
				if int(i) < len(x) {
					return x[i : i+1]
				}
				return Undefined
			}
			u := units(x)
			if int(i) < len(u) {
				return fromUnits(u[i : i+1])
			}
		}
	}
	return Undefined
}

func getIndex(v any, i int) any {
	if a, ok := v.(*jsArray); ok {
		if i >= 0 && i < len(a.elems) {
			return a.elems[i]
		}
		return Undefined
	}
	return getProp(v, strconv.Itoa(i))
}

// dateToString is Date.prototype.toString in the local time zone. The zone
// name in parentheses is Go's abbreviation, where V8 prints ICU's long name.
func dateToString(ms float64) string {
	if ms != ms {
		return "Invalid Date"
	}
	t := time.UnixMilli(int64(ms)).In(time.Local)
	_, off := t.Zone()
	sign := '+'
	if off < 0 {
		sign = '-'
		off = -off
	}
	name, _ := t.Zone()
	y := t.Year()
	ys := strconv.Itoa(y)
	if y >= 0 && y < 1000 {
		ys = strings.Repeat("0", 4-len(ys)) + ys
	} else if y < 0 {
		ys = "-" + strings.Repeat("0", max(0, 6-len(strconv.Itoa(-y)))) + strconv.Itoa(-y)
	}
	return t.Format("Mon Jan 02 ") + ys + t.Format(" 15:04:05") + " GMT" + string(sign) +
		pad2(off/3600) + pad2(off%3600/60) + " (" + name + ")"
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// jsonQuote quotes s as JSON.stringify does.
func jsonQuote(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case '"':
				b.WriteString(`\"`)
			case '\\':
				b.WriteString(`\\`)
			case '\b':
				b.WriteString(`\b`)
			case '\f':
				b.WriteString(`\f`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				if c < 0x20 {
					b.WriteString(`\u00`)
					b.WriteByte("0123456789abcdef"[c>>4])
					b.WriteByte("0123456789abcdef"[c&15])
				} else {
					b.WriteByte(c)
				}
			}
			i++
			continue
		}
		if c == 0xED && i+2 < len(s) && s[i+1] >= 0xA0 && s[i+1] <= 0xBF {
			u := 0xD000 | uint16(s[i+1]&0x3F)<<6 | uint16(s[i+2]&0x3F)
			b.WriteString(`\u`)
			b.WriteString(strconv.FormatUint(uint64(u), 16))
			i += 3
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(r)
		i += n
	}
	b.WriteByte('"')
}

// stringify is JSON.stringify(v) for a value of the model. Undefined at the
// top level gives "" and ok=false is not needed by callers.
func stringify(v any) (string, error) {
	var b strings.Builder
	st := stringifier{b: &b}
	if err := st.write(v, 0); err != nil {
		return "", err
	}
	return b.String(), nil
}

type stringifier struct {
	b     *strings.Builder
	stack []any
}

func (s *stringifier) push(v any) error {
	for _, e := range s.stack {
		if e == v {
			return errCircular
		}
	}
	s.stack = append(s.stack, v)
	return nil
}

func (s *stringifier) write(v any, depth int) error {
	if depth > maxDepth {
		return &JSError{Name: "RangeError", Message: "Maximum call stack size exceeded"}
	}
	switch x := v.(type) {
	case undefinedType:
		s.b.WriteString("null")
	case nil:
		s.b.WriteString("null")
	case bool:
		if x {
			s.b.WriteString("true")
		} else {
			s.b.WriteString("false")
		}
	case float64:
		if math.IsInf(x, 0) || x != x {
			s.b.WriteString("null")
		} else {
			s.b.WriteString(js.FormatNumber(x))
		}
	case string:
		jsonQuote(s.b, x)
	case *jsDate:
		if x.ms != x.ms {
			s.b.WriteString("null")
		} else {
			jsonQuote(s.b, isoString(x.ms))
		}
	case *RegExp:
		s.b.WriteString("{}")
	case *jsArray:
		if err := s.push(x); err != nil {
			return err
		}
		s.b.WriteByte('[')
		for i, e := range x.elems {
			if i > 0 {
				s.b.WriteByte(',')
			}
			if err := s.write(e, depth+1); err != nil {
				return err
			}
		}
		s.b.WriteByte(']')
		s.stack = s.stack[:len(s.stack)-1]
	case *jsObject:
		if err := s.push(x); err != nil {
			return err
		}
		s.b.WriteByte('{')
		first := true
		for _, k := range x.keys() {
			e := x.vals[k]
			if isUndefined(e) {
				continue
			}
			if !first {
				s.b.WriteByte(',')
			}
			first = false
			jsonQuote(s.b, k)
			s.b.WriteByte(':')
			if err := s.write(e, depth+1); err != nil {
				return err
			}
		}
		s.b.WriteByte('}')
		s.stack = s.stack[:len(s.stack)-1]
	default:
		s.b.WriteString("null")
	}
	return nil
}

// isoString is Date.prototype.toISOString for a valid time value.
func isoString(ms float64) string {
	t := time.UnixMilli(int64(ms)).UTC()
	y := t.Year()
	var ys string
	switch {
	case y >= 0 && y <= 9999:
		ys = strconv.Itoa(y)
		ys = strings.Repeat("0", 4-len(ys)) + ys
	default:
		sign := "+"
		if y < 0 {
			sign = "-"
			y = -y
		}
		ys = strconv.Itoa(y)
		ys = sign + strings.Repeat("0", max(0, 6-len(ys))) + ys
	}
	return ys + t.Format("-01-02T15:04:05.000Z")
}
