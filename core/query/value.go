package query

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// The package evaluates everything on a small model of JavaScript values so
// that the answers are Node's. An internal value ("jsval") is one of:
//
//	undefinedType  undefined
//	nil            null
//	bool           boolean
//	float64        number
//	string         string (UTF-8; lone UTF-16 surrogates are kept as WTF-8)
//	*jsArray       Array
//	*jsObject      plain Object, with JavaScript's property order
//	*jsDate        Date
//
// Pointers give objects JavaScript's identity semantics (===).

type undefinedType struct{}

func (undefinedType) String() string { return "undefined" }

// MarshalJSON makes a stray Undefined marshal as null, as JSON.stringify does
// inside arrays.
func (undefinedType) MarshalJSON() ([]byte, error) { return []byte("null"), nil }

// Undefined is JavaScript's undefined. Pass it where the Node SDK would be
// given undefined (for example EqualTo("a", query.Undefined), which Node
// writes as a filter member that JSON.stringify drops). A Go nil is null.
var Undefined any = undefinedType{}

type jsArray struct{ elems []any }

type jsDate struct{ ms float64 } // NaN: Invalid Date

type jsObject struct {
	order []string // insertion order
	vals  map[string]any
}

func newObject() *jsObject { return &jsObject{vals: map[string]any{}} }

func (o *jsObject) get(k string) (any, bool) {
	v, ok := o.vals[k]
	return v, ok
}

func (o *jsObject) set(k string, v any) {
	if _, ok := o.vals[k]; !ok {
		o.order = append(o.order, k)
	}
	o.vals[k] = v
}

func (o *jsObject) del(k string) {
	if _, ok := o.vals[k]; !ok {
		return
	}
	delete(o.vals, k)
	for i, key := range o.order {
		if key == k {
			o.order = append(o.order[:i:i], o.order[i+1:]...)
			break
		}
	}
}

func (o *jsObject) len() int { return len(o.order) }

// keys returns the own enumerable keys in JavaScript order: array-index keys
// ascending, then the other keys in insertion order.
func (o *jsObject) keys() []string {
	var idx []string
	var rest []string
	for _, k := range o.order {
		if _, ok := arrayIndex(k); ok {
			idx = append(idx, k)
		} else {
			rest = append(rest, k)
		}
	}
	if len(idx) == 0 {
		return rest
	}
	sort.Slice(idx, func(i, j int) bool {
		a, _ := arrayIndex(idx[i])
		b, _ := arrayIndex(idx[j])
		return a < b
	})
	return append(idx, rest...)
}

// arrayIndex reports whether k is a canonical array index ("0".."4294967294").
func arrayIndex(k string) (uint32, bool) {
	if k == "" || len(k) > 10 || (k[0] == '0' && len(k) > 1) {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(k); i++ {
		c := k[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	if n >= math.MaxUint32 {
		return 0, false
	}
	return uint32(n), true
}

// Object is a JavaScript object literal whose members keep their order, for
// values where key order matters to JSON.stringify (a Go map is written with
// its keys sorted). JavaScript still puts array-index keys ("0", "7", ...)
// first, in numeric order, as Node does; for a repeated key the last value
// wins at the first key's place.
type Object []Member

// Member is one key and value of an [Object].
type Member struct {
	Key   string
	Value any
}

// NewObject builds an [Object] from alternating keys and values:
// NewObject("a", 1, "b", "x"). It panics if a key is not a string or a value
// is missing.
func NewObject(keyValues ...any) Object {
	if len(keyValues)%2 != 0 {
		panic("query.NewObject: odd number of arguments")
	}
	o := make(Object, 0, len(keyValues)/2)
	for i := 0; i < len(keyValues); i += 2 {
		k, ok := keyValues[i].(string)
		if !ok {
			panic(fmt.Sprintf("query.NewObject: key %d is %T, not string", i/2, keyValues[i]))
		}
		o = append(o, Member{Key: k, Value: keyValues[i+1]})
	}
	return o
}

// MarshalJSON writes the object as JSON.stringify would.
func (o Object) MarshalJSON() ([]byte, error) {
	v, err := fromGo(o)
	if err != nil {
		return nil, err
	}
	s, err := stringify(v)
	if err != nil {
		return nil, err
	}
	return []byte(s), nil
}

// Get returns the value of key and whether it is present (the last one, if
// repeated).
func (o Object) Get(key string) (any, bool) {
	for i := len(o) - 1; i >= 0; i-- {
		if o[i].Key == key {
			return o[i].Value, true
		}
	}
	return nil, false
}

// conversion from Go values -------------------------------------------------

type converter struct {
	seen map[uintptr]bool
	memo map[uintptr]any
}

// fromGo converts a Go value into the JavaScript value model, as if it had
// been written as a JavaScript literal. Values it does not know are marshalled
// with encoding/json and read back keeping member order.
func fromGo(v any) (any, error) {
	c := converter{}
	return c.conv(v, 0)
}

const maxDepth = 10000

var errCircular = &JSError{Name: "TypeError", Message: "Converting circular structure to JSON"}

func (c *converter) conv(v any, depth int) (any, error) {
	if depth > maxDepth {
		return nil, errCircular
	}
	switch x := v.(type) {
	case nil:
		return nil, nil
	case undefinedType:
		return Undefined, nil
	case bool:
		return x, nil
	case string:
		return x, nil
	case float64:
		return x, nil
	case float32:
		return float64(x), nil
	case int:
		return float64(x), nil
	case int8:
		return float64(x), nil
	case int16:
		return float64(x), nil
	case int32:
		return float64(x), nil
	case int64:
		return float64(x), nil
	case uint:
		return float64(x), nil
	case uint8:
		return float64(x), nil
	case uint16:
		return float64(x), nil
	case uint32:
		return float64(x), nil
	case uint64:
		return float64(x), nil
	case uintptr:
		return float64(x), nil
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil && !isRangeErr(err) {
			return nil, fmt.Errorf("query: bad json.Number %q", string(x))
		}
		return f, nil
	case json.RawMessage:
		return parseJSONOrdered(x)
	case time.Time:
		return dateFromTime(x), nil
	case *time.Time:
		if x == nil {
			return nil, nil
		}
		return dateFromTime(*x), nil
	case *RegExp:
		// JSON.stringify(/re/) is {}; sift treats a RegExp value as a test.
		if x == nil {
			return nil, nil
		}
		return x, nil
	case Object:
		o := newObject()
		for _, m := range x {
			cv, err := c.conv(m.Value, depth+1)
			if err != nil {
				return nil, err
			}
			o.set(m.Key, cv)
		}
		return o, nil
	case []any:
		return c.slice(reflect.ValueOf(x), depth)
	case map[string]any:
		return c.mapv(reflect.ValueOf(x), depth)
	case *jsObject, *jsArray, *jsDate:
		return x, nil
	case *Query:
		if x == nil {
			return nil, nil
		}
		return x.root().plainObject(), nil
	}
	if _, ok := v.(json.Marshaler); ok {
		return c.viaJSON(v)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return nil, nil
		}
		return c.slice(rv, depth)
	case reflect.Map:
		if rv.Type().Key().Kind() == reflect.String {
			if rv.IsNil() {
				return nil, nil
			}
			return c.mapv(rv, depth)
		}
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return nil, nil
		}
		return c.conv(rv.Elem().Interface(), depth+1)
	case reflect.Bool:
		return rv.Bool(), nil
	case reflect.String:
		return rv.String(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return float64(rv.Uint()), nil
	case reflect.Float32, reflect.Float64:
		return rv.Float(), nil
	}
	return c.viaJSON(v)
}

func (c *converter) enter(rv reflect.Value) (uintptr, bool, error) {
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Map {
		return 0, false, nil
	}
	p := uintptr(rv.UnsafePointer())
	if p == 0 {
		return 0, false, nil
	}
	if c.seen[p] {
		return p, false, errCircular
	}
	if c.seen == nil {
		c.seen = map[uintptr]bool{}
	}
	c.seen[p] = true
	return p, true, nil
}

func (c *converter) slice(rv reflect.Value, depth int) (any, error) {
	p, entered, err := c.enter(rv)
	if err != nil {
		return nil, err
	}
	if entered {
		defer delete(c.seen, p)
		if m, ok := c.memo[p]; ok && rv.Len() > 0 {
			if a, ok := m.(*jsArray); ok && len(a.elems) == rv.Len() {
				return a, nil
			}
		}
	}
	a := &jsArray{elems: make([]any, rv.Len())}
	for i := range a.elems {
		cv, err := c.conv(rv.Index(i).Interface(), depth+1)
		if err != nil {
			return nil, err
		}
		a.elems[i] = cv
	}
	if entered && rv.Len() > 0 {
		if c.memo == nil {
			c.memo = map[uintptr]any{}
		}
		c.memo[p] = a
	}
	return a, nil
}

func (c *converter) mapv(rv reflect.Value, depth int) (any, error) {
	p, entered, err := c.enter(rv)
	if err != nil {
		return nil, err
	}
	if entered {
		defer delete(c.seen, p)
		if m, ok := c.memo[p]; ok {
			return m, nil
		}
	}
	keys := rv.MapKeys()
	ks := make([]string, len(keys))
	for i, k := range keys {
		ks[i] = k.String()
	}
	sort.Strings(ks)
	o := newObject()
	for _, k := range ks {
		cv, err := c.conv(rv.MapIndex(reflect.ValueOf(k).Convert(rv.Type().Key())).Interface(), depth+1)
		if err != nil {
			return nil, err
		}
		o.set(k, cv)
	}
	if entered {
		if c.memo == nil {
			c.memo = map[uintptr]any{}
		}
		c.memo[p] = o
	}
	return o, nil
}

func (c *converter) viaJSON(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("query: cannot use %T as a JavaScript value: %w", v, err)
	}
	return parseJSONOrdered(b)
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// parseJSONOrdered reads JSON into the value model, keeping object key order
// (JSON.parse semantics: a repeated key keeps its first place, last value).
func parseJSONOrdered(b []byte) (any, error) {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	v, err := decodeOrdered(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err == nil {
		return nil, fmt.Errorf("query: trailing data after JSON value")
	}
	return v, nil
}

func decodeOrdered(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := newObject()
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := decodeOrdered(dec)
				if err != nil {
					return nil, err
				}
				o.set(k, v)
			}
			_, err := dec.Token()
			return o, err
		case '[':
			a := &jsArray{}
			for dec.More() {
				v, err := decodeOrdered(dec)
				if err != nil {
					return nil, err
				}
				a.elems = append(a.elems, v)
			}
			_, err := dec.Token()
			return a, err
		}
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil && !isRangeErr(err) {
			return nil, err
		}
		return f, nil
	case string, bool, nil:
		return t, nil
	}
	return nil, fmt.Errorf("query: unexpected JSON token %v", tok)
}

// maxTime is the largest absolute time value of a JavaScript Date, in ms.
const maxTime = 8.64e15

func dateFromTime(t time.Time) *jsDate {
	ms := float64(t.Unix())*1000 + float64(t.Nanosecond()/1e6)
	if math.Abs(ms) > maxTime {
		return &jsDate{ms: math.NaN()}
	}
	return &jsDate{ms: ms}
}

// toGo converts a value of the model back to plain Go values: objects become
// [Object], arrays []any, numbers float64, dates time.Time (nil if invalid).
func toGo(v any) any {
	switch x := v.(type) {
	case *jsObject:
		o := make(Object, 0, x.len())
		for _, k := range x.keys() {
			o = append(o, Member{Key: k, Value: toGo(x.vals[k])})
		}
		return o
	case *jsArray:
		a := make([]any, len(x.elems))
		for i, e := range x.elems {
			a[i] = toGo(e)
		}
		return a
	case *jsDate:
		if x.ms != x.ms {
			return nil
		}
		return time.UnixMilli(int64(x.ms)).UTC()
	}
	return v
}

// strings as UTF-16 --------------------------------------------------------

// units decodes s into UTF-16 code units. Invalid UTF-8 becomes U+FFFD; the
// WTF-8 encoding of a lone surrogate (ED A0..BF xx) becomes that surrogate.
func units(s string) []uint16 {
	out := make([]uint16, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			out = append(out, uint16(c))
			i++
			continue
		}
		if c == 0xED && i+2 < len(s) && s[i+1] >= 0xA0 && s[i+1] <= 0xBF && s[i+2] >= 0x80 && s[i+2] <= 0xBF {
			out = append(out, 0xD000|uint16(s[i+1]&0x3F)<<6|uint16(s[i+2]&0x3F))
			i += 3
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r >= 0x10000 {
			a, b := utf16.EncodeRune(r)
			out = append(out, uint16(a), uint16(b))
		} else {
			out = append(out, uint16(r))
		}
	}
	return out
}

// fromUnits encodes code units as a Go string, lone surrogates as WTF-8.
func fromUnits(u []uint16) string {
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c >= 0xD800 && c <= 0xDBFF && i+1 < len(u) && u[i+1] >= 0xDC00 && u[i+1] <= 0xDFFF {
			b.WriteRune(utf16.DecodeRune(rune(c), rune(u[i+1])))
			i++
			continue
		}
		if c >= 0xD800 && c <= 0xDFFF {
			b.WriteByte(0xED)
			b.WriteByte(byte(0x80 | (c>>6)&0x3F))
			b.WriteByte(byte(0x80 | c&0x3F))
			continue
		}
		b.WriteRune(rune(c))
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// strLen is the JavaScript length of s (UTF-16 code units).
func strLen(s string) int {
	if isASCII(s) {
		return len(s)
	}
	return len(units(s))
}

// compareStrings compares by UTF-16 code units, as JavaScript's < does.
func compareStrings(a, b string) int {
	if isASCII(a) && isASCII(b) {
		return strings.Compare(a, b)
	}
	ua, ub := units(a), units(b)
	for i := 0; i < len(ua) && i < len(ub); i++ {
		if ua[i] != ub[i] {
			if ua[i] < ub[i] {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(ua) < len(ub):
		return -1
	case len(ua) > len(ub):
		return 1
	}
	return 0
}
