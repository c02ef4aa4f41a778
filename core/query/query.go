package query

import (
	"fmt"
	"net/url"
	"strings"
)

// Query builds a Kinvey query the way the Node SDK's Query class does. Create
// one with [New] or [FromOptions]; every builder method returns a *Query so
// calls chain.
//
// Errors are sticky: the first rejected argument (where Node throws) is
// recorded, every later builder call on the query (or on any query joined to
// it by And, Or or Nor without arguments) does nothing, and [Query.Err]
// returns the error. The state is left as Node leaves it at the throw.
//
// A Query is not safe for concurrent use.
type Query struct {
	fields any // *jsArray
	filter any // *jsObject
	sort   any // *jsObject
	limit  any // null, undefined, false or a number (possibly NaN)
	skip   any // a number (possibly NaN)
	parent *Query
	state  *state
}

type state struct{ err error }

// New returns an empty query: no filter, no fields, no sort, skip 0 and no
// limit (Node's new Query()).
func New() *Query {
	return &Query{
		fields: &jsArray{},
		filter: newObject(),
		sort:   newObject(),
		limit:  nil,
		skip:   0.0,
		state:  &state{},
	}
}

// Options are the members of the object Node's Query constructor takes. A nil
// member keeps the default (Node's Object.assign skips absent keys); pass
// [Undefined] to give a member the value undefined explicitly.
//
// Values follow the JavaScript rules of the corresponding setter: Fields must
// be an array (any Go slice), Limit and Skip may be numbers or numeric strings
// (parsed with parseFloat), Sort an object.
type Options struct {
	Fields any
	Filter any
	Sort   any
	Limit  any
	Skip   any
}

// FromOptions is Node's new Query(options). Invalid options are reported by
// [Query.Err] on the returned query.
func FromOptions(opts Options) *Query {
	q := New()
	set := func(v any, def any, f func(any) error) {
		if q.state.err != nil {
			return
		}
		jv := def
		if v != nil {
			var err error
			if jv, err = fromGo(v); err != nil {
				q.fail(err)
				return
			}
		}
		if err := f(jv); err != nil {
			q.fail(err)
		}
	}
	set(opts.Fields, &jsArray{}, q.setFields)
	set(opts.Filter, newObject(), q.setFilter)
	set(opts.Sort, newObject(), q.setSort)
	set(opts.Limit, nil, q.setLimit)
	set(opts.Skip, 0.0, q.setSkip)
	return q
}

// Err returns the first error recorded by a builder call, or nil.
func (q *Query) Err() error { return q.state.err }

func (q *Query) failed() bool { return q.state.err != nil }

func (q *Query) fail(err error) {
	if q.state.err == nil {
		q.state.err = err
	}
}

func (q *Query) root() *Query {
	r := q
	for r.parent != nil {
		r = r.parent
	}
	return r
}

// setters (Node's property setters, which delegate to the parent) ----------

func (q *Query) setFields(v any) error {
	if isUndefined(v) {
		v = &jsArray{}
	}
	if !isArray(v) {
		return newError("fields must be an Array")
	}
	if q.parent != nil {
		return q.parent.setFields(v)
	}
	q.fields = v
	return nil
}

func (q *Query) setFilter(v any) error {
	if _, ok := v.(*jsObject); !ok {
		return &UnsupportedError{What: fmt.Sprintf("a filter that is not a plain object (%s)", describe(v))}
	}
	q.filter = v
	return nil
}

func (q *Query) setSort(v any) error {
	if truthy(v) && typeOf(v) != "object" {
		return newError("sort must an Object")
	}
	if q.parent != nil {
		return q.parent.setSort(v)
	}
	if !truthy(v) {
		v = newObject()
	}
	if _, ok := v.(*jsObject); !ok {
		return &UnsupportedError{What: fmt.Sprintf("a sort that is not a plain object (%s)", describe(v))}
	}
	q.sort = v
	return nil
}

func (q *Query) setLimit(v any) error {
	if s, ok := v.(string); ok {
		v = parseFloat(s)
	}
	if truthy(v) && typeOf(v) != "number" {
		return newError("limit must be a number")
	}
	if q.parent != nil {
		return q.parent.setLimit(v)
	}
	q.limit = v
	return nil
}

func (q *Query) setSkip(v any) error {
	if isUndefined(v) {
		v = 0.0
	}
	if s, ok := v.(string); ok {
		v = parseFloat(s)
	}
	if typeOf(v) != "number" {
		return newError("skip must be a number")
	}
	if q.parent != nil {
		return q.parent.setSkip(v)
	}
	q.skip = v
	return nil
}

func describe(v any) string {
	switch v.(type) {
	case *jsArray:
		return "an array"
	case *jsDate:
		return "a Date"
	case *RegExp:
		return "a RegExp"
	}
	return typeOf(v)
}

func (q *Query) setJS(v any, f func(any) error) *Query {
	if q.failed() {
		return q
	}
	jv, err := fromGo(v)
	if err == nil {
		err = f(jv)
	}
	if err != nil {
		q.fail(err)
	}
	return q
}

// Fields sets the fields to return (Node's query.fields = [...]); with no
// names it clears them. On a query returned by And, Or or Nor without
// arguments it sets them on the top-level query, as Node does.
func (q *Query) Fields(names ...string) *Query {
	a := &jsArray{elems: make([]any, len(names))}
	for i, n := range names {
		a.elems[i] = n
	}
	return q.setJS(a, q.setFields)
}

// SetFields is Node's query.fields = v for any JavaScript value: a slice is
// the array of fields (its elements are joined with "," by ToQueryString as
// Array.prototype.join does), [Undefined] means [], anything else is the
// QueryError "fields must be an Array".
func (q *Query) SetFields(v any) *Query { return q.setJS(v, q.setFields) }

// Limit sets the maximum number of entities to return; 0 means no limit.
func (q *Query) Limit(n int) *Query { return q.setJS(n, q.setLimit) }

// SetLimit is Node's query.limit = v: a number, a string (parsed with
// parseFloat), or nil (null) to remove the limit. A truthy value of another
// type is the QueryError "limit must be a number".
func (q *Query) SetLimit(v any) *Query { return q.setJS(v, q.setLimit) }

// Skip sets the number of entities to skip.
func (q *Query) Skip(n int) *Query { return q.setJS(n, q.setSkip) }

// SetSkip is Node's query.skip = v: a number or a string (parsed with
// parseFloat); [Undefined] means 0; anything else, null included, is the
// QueryError "skip must be a number".
func (q *Query) SetSkip(v any) *Query { return q.setJS(v, q.setSkip) }

// SetSort is Node's query.sort = v: an object of field to direction (an
// [Object] keeps the order, a map is taken in sorted key order), or nil to
// clear it. A truthy non-object is the QueryError "sort must an Object"
// (sic).
func (q *Query) SetSort(v any) *Query { return q.setJS(v, q.setSort) }

// operators ------------------------------------------------------------------

// addFilter is Node's addFilter(field, condition, values).
func (q *Query) addFilter(field string, condition, values any) error {
	f := q.filter.(*jsObject)
	cur, ok := f.get(field)
	if !ok || typeOf(cur) != "object" {
		cur = newObject()
		f.set(field, cur)
	}
	if truthy(condition) && !isUndefined(values) {
		key := toJSString(condition)
		switch t := cur.(type) {
		case *jsObject:
			t.set(key, values)
		case nil:
			return typeError(fmt.Sprintf("Cannot set properties of null (setting '%s')", key))
		default:
			// An array, Date or RegExp gets a non-index property that
			// neither JSON.stringify nor sift ever sees.
		}
		return nil
	}
	f.set(field, condition)
	return nil
}

func (q *Query) op(fn func() error) *Query {
	if q.failed() {
		return q
	}
	if err := fn(); err != nil {
		q.fail(err)
	}
	return q
}

func (q *Query) value(v any) (any, error) { return fromGo(v) }

// EqualTo adds field == value, replacing any other condition on the field.
func (q *Query) EqualTo(field string, value any) *Query {
	return q.op(func() error {
		v, err := q.value(value)
		if err != nil {
			return err
		}
		return q.addFilter(field, v, Undefined)
	})
}

func asArray(v any) *jsArray {
	if a, ok := v.(*jsArray); ok {
		return a
	}
	return &jsArray{elems: []any{v}}
}

func (q *Query) arrayOp(field, op string, values any) *Query {
	return q.op(func() error {
		v, err := q.value(values)
		if err != nil {
			return err
		}
		return q.addFilter(field, op, asArray(v))
	})
}

// Contains adds field $in values. A slice is the list of values; any other
// value is a list of one.
func (q *Query) Contains(field string, values any) *Query { return q.arrayOp(field, "$in", values) }

// ContainsAll adds field $all values (a slice, or one value).
func (q *Query) ContainsAll(field string, values any) *Query {
	return q.arrayOp(field, "$all", values)
}

// NotContainedIn adds field $nin values (a slice, or one value).
func (q *Query) NotContainedIn(field string, values any) *Query {
	return q.arrayOp(field, "$nin", values)
}

func (q *Query) compareOp(field, op string, value any) *Query {
	return q.op(func() error {
		v, err := q.value(value)
		if err != nil {
			return err
		}
		if t := typeOf(v); t != "number" && t != "string" {
			return newError("You must supply a number or string.")
		}
		return q.addFilter(field, op, v)
	})
}

// GreaterThan adds field $gt value; value must be a number or a string.
func (q *Query) GreaterThan(field string, value any) *Query { return q.compareOp(field, "$gt", value) }

// GreaterThanOrEqualTo adds field $gte value; value must be a number or a
// string.
func (q *Query) GreaterThanOrEqualTo(field string, value any) *Query {
	return q.compareOp(field, "$gte", value)
}

// LessThan adds field $lt value; value must be a number or a string.
func (q *Query) LessThan(field string, value any) *Query { return q.compareOp(field, "$lt", value) }

// LessThanOrEqualTo adds field $lte value; value must be a number or a
// string.
func (q *Query) LessThanOrEqualTo(field string, value any) *Query {
	return q.compareOp(field, "$lte", value)
}

// NotEqualTo adds field $ne value.
func (q *Query) NotEqualTo(field string, value any) *Query {
	return q.op(func() error {
		v, err := q.value(value)
		if err != nil {
			return err
		}
		return q.addFilter(field, "$ne", v)
	})
}

// Exists adds field $exists true, or $exists flag[0] when a flag is given.
func (q *Query) Exists(field string, flag ...bool) *Query {
	f := true
	if len(flag) > 0 {
		f = flag[0]
	}
	return q.op(func() error { return q.addFilter(field, "$exists", f) })
}

// Mod adds field $mod [divisor, remainder].
func (q *Query) Mod(field string, divisor, remainder float64) *Query {
	return q.op(func() error {
		return q.addFilter(field, "$mod", &jsArray{elems: []any{divisor, remainder}})
	})
}

// Size adds field $size n.
func (q *Query) Size(field string, n int) *Query {
	return q.op(func() error { return q.addFilter(field, "$size", float64(n)) })
}

// Near adds field $nearSphere [coord[0], coord[1]] and, when a non-zero
// maxDistance is given, $maxDistance. coord must have two elements.
func (q *Query) Near(field string, coord []float64, maxDistance ...float64) *Query {
	return q.op(func() error {
		if len(coord) < 2 {
			return newError("coord must be a [number, number]")
		}
		if err := q.addFilter(field, "$nearSphere", &jsArray{elems: []any{coord[0], coord[1]}}); err != nil {
			return err
		}
		if len(maxDistance) > 0 && truthy(maxDistance[0]) {
			return q.addFilter(field, "$maxDistance", maxDistance[0])
		}
		return nil
	})
}

func coordOK(c []float64) bool { return len(c) >= 2 && truthy(c[0]) && truthy(c[1]) }

// WithinBox adds field $within {$box: [bottomLeft, upperRight]}. As in Node,
// a coordinate that is 0 (or NaN) is rejected.
func (q *Query) WithinBox(field string, bottomLeft, upperRight []float64) *Query {
	return q.op(func() error {
		if !coordOK(bottomLeft) {
			return newError("bottomLeftCoord must be a [number, number]")
		}
		if !coordOK(upperRight) {
			return newError("upperRightCoord must be a [number, number]")
		}
		box := newObject()
		box.set("$box", &jsArray{elems: []any{
			&jsArray{elems: []any{bottomLeft[0], bottomLeft[1]}},
			&jsArray{elems: []any{upperRight[0], upperRight[1]}},
		}})
		return q.addFilter(field, "$within", box)
	})
}

// WithinPolygon adds field $within {$polygon: coords}. As in Node, coords must
// have one to three points and no coordinate may be 0 (or NaN).
func (q *Query) WithinPolygon(field string, coords [][]float64) *Query {
	return q.op(func() error {
		if len(coords) == 0 || len(coords) > 3 {
			return newError("coords must be [[number, number]]")
		}
		poly := &jsArray{}
		for _, c := range coords {
			if !coordOK(c) {
				return newError("coords argument must be [number, number]")
			}
			poly.elems = append(poly.elems, &jsArray{elems: []any{c[0], c[1]}})
		}
		o := newObject()
		o.set("$polygon", poly)
		return q.addFilter(field, "$within", o)
	})
}

// MatchOptions are the options of [Query.Matches]. IgnoreCase and Multiline
// are three-valued as in Node: nil takes the flag of the regular expression,
// a pointer to false overrides it. Use [Bool] to take the address of a
// constant.
type MatchOptions struct {
	IgnoreCase    *bool
	Multiline     *bool
	Extended      bool
	DotMatchesAll bool
}

// Bool returns a pointer to b, for [MatchOptions].
func Bool(b bool) *bool { return &b }

// Matches adds field $regex pattern (and $options), as Node's
// matches(field, pattern, options) with a string pattern: the pattern is
// compiled as new RegExp(pattern) would (a JavaScript syntax error is a
// *JSError named SyntaxError), case-insensitive matching is rejected, and the
// expression must start with ^. Only the first MatchOptions is used.
func (q *Query) Matches(field, pattern string, opts ...MatchOptions) *Query {
	if q.failed() {
		return q
	}
	re, err := CompileRegExp(pattern, "")
	if err != nil {
		q.fail(err)
		return q
	}
	return q.MatchesRegExp(field, re, opts...)
}

// MatchesRegExp is Matches with a compiled regular expression, as Node's
// matches(field, /re/flags, options): its i flag is rejected unless
// IgnoreCase is false, its m flag becomes $options "m" unless Multiline is
// false.
func (q *Query) MatchesRegExp(field string, re *RegExp, opts ...MatchOptions) *Query {
	return q.op(func() error {
		if re == nil {
			return typeError("Cannot read properties of null (reading 'source')")
		}
		var o MatchOptions
		if len(opts) > 0 {
			o = opts[0]
		}
		if (re.IgnoreCase() || (o.IgnoreCase != nil && *o.IgnoreCase)) && !(o.IgnoreCase != nil && !*o.IgnoreCase) {
			return newError("ignoreCase is not supported.")
		}
		src := re.Source()
		if !strings.HasPrefix(src, "^") {
			return newError("regExp must have `^` at the beginning of the expression " +
				"to make it an anchored expression.")
		}
		var flags []string
		if (re.Multiline() || (o.Multiline != nil && *o.Multiline)) && !(o.Multiline != nil && !*o.Multiline) {
			flags = append(flags, "m")
		}
		if o.Extended {
			flags = append(flags, "x")
		}
		if o.DotMatchesAll {
			flags = append(flags, "s")
		}
		if err := q.addFilter(field, "$regex", src); err != nil {
			return err
		}
		if len(flags) > 0 {
			return q.addFilter(field, "$options", strings.Join(flags, ""))
		}
		return nil
	})
}

// Ascending sorts by field, ascending (on the top-level query).
func (q *Query) Ascending(field string) *Query { return q.sortBy(field, 1) }

// Descending sorts by field, descending (on the top-level query).
func (q *Query) Descending(field string) *Query { return q.sortBy(field, -1) }

func (q *Query) sortBy(field string, dir float64) *Query {
	return q.op(func() error {
		r := q.root()
		r.sort.(*jsObject).set(field, dir)
		return nil
	})
}

// joins ----------------------------------------------------------------------

// And joins this query's filter and the given queries' filters with $and.
// Without arguments it returns a new, empty query for the right-hand side,
// whose conditions land inside the $and (and whose Limit, Skip, Fields and
// sort calls go to the top-level query). A nil *Query is an empty filter, as
// Node's null.
func (q *Query) And(queries ...*Query) *Query { return q.join("$and", queries) }

// Nor joins with $nor. As in Node, AND binds tighter: on the right-hand side
// of an And it applies to the enclosing query.
func (q *Query) Nor(queries ...*Query) *Query {
	if q.failed() {
		return q
	}
	if q.parent != nil && truthy(getProp(q.parent.filter, "$and")) {
		if r := q.parent.Nor(queries...); !q.failed() {
			return r
		}
		return q
	}
	return q.join("$nor", queries)
}

// Or joins with $or. OR binds loosest: on the right-hand side of any join it
// applies to the top-level query.
func (q *Query) Or(queries ...*Query) *Query {
	if q.failed() {
		return q
	}
	if q.parent != nil {
		if r := q.parent.Or(queries...); !q.failed() {
			return r
		}
		return q
	}
	return q.join("$or", queries)
}

func (q *Query) join(operator string, queries []*Query) *Query {
	if q.failed() {
		return q
	}
	that := q
	mapped := make([]any, 0, len(queries))
	for _, other := range queries {
		if other == nil {
			mapped = append(mapped, newObject())
			continue
		}
		if err := other.state.err; err != nil {
			q.fail(err)
			return q
		}
		mapped = append(mapped, other.root().filter)
	}
	if len(mapped) == 0 {
		that = New()
		that.state = q.state
		mapped = []any{that.filter}
		that.parent = q
	}
	self := q.filter.(*jsObject)
	for _, m := range mapped {
		if reaches(m, self, map[any]bool{}) {
			// Node builds the cycle and JSON.stringify or sift fails later.
			q.fail(errCircular)
			return q
		}
	}
	cur := newObject()
	for _, k := range self.keys() {
		cur.set(k, self.vals[k])
	}
	self.order = nil
	self.vals = map[string]any{}
	arr := &jsArray{elems: append([]any{cur}, mapped...)}
	self.set(operator, arr)
	return that
}

func reaches(from any, target *jsObject, seen map[any]bool) bool {
	switch x := from.(type) {
	case *jsObject:
		if x == target {
			return true
		}
		if seen[x] {
			return false
		}
		seen[x] = true
		for _, v := range x.vals {
			if reaches(v, target, seen) {
				return true
			}
		}
	case *jsArray:
		if seen[x] {
			return false
		}
		seen[x] = true
		for _, v := range x.elems {
			if reaches(v, target, seen) {
				return true
			}
		}
	}
	return false
}

// output ---------------------------------------------------------------------

// Param is one query-string parameter of [Query.Params].
type Param struct {
	Key   string
	Value string
}

// Params returns the parameters of Node's toQueryString() in Node's order
// (query, fields, limit, skip, sort), each present only when Node includes it:
// query is the JSON of the filter, fields the comma-joined field names, limit,
// skip and sort are JSON.
//
// Like Node, it describes this query object only: on a query returned by And,
// Or or Nor without arguments it gives that right-hand side's filter and none
// of the top-level fields, limit, skip or sort. Call it on the top-level query.
func (q *Query) Params() []Param {
	var out []Param
	if o, ok := q.filter.(*jsObject); ok && o.len() > 0 {
		s, err := stringify(o)
		if err != nil {
			s = ""
		}
		out = append(out, Param{"query", s})
	}
	if a, ok := q.fields.(*jsArray); ok && len(a.elems) > 0 {
		out = append(out, Param{"fields", arrayJoin(a, ",")})
	}
	if truthy(q.limit) {
		s, _ := stringify(q.limit)
		out = append(out, Param{"limit", s})
	}
	if lessThan(0.0, q.skip) == 1 {
		s, _ := stringify(q.skip)
		out = append(out, Param{"skip", s})
	}
	if o, ok := q.sort.(*jsObject); ok && o.len() > 0 {
		s, _ := stringify(o)
		out = append(out, Param{"sort", s})
	}
	return out
}

// ToQueryString returns the parameters of Node's toQueryString(), each value a
// single string. url.Values is unordered; use [Query.Params] for Node's order.
func (q *Query) ToQueryString() url.Values {
	v := url.Values{}
	for _, p := range q.Params() {
		v[p.Key] = []string{p.Value}
	}
	return v
}

// String is Node's toString(): JSON.stringify(toQueryString()), for example
// {"query":"{\"name\":\"x\"}","limit":"10"}.
func (q *Query) String() string {
	var b strings.Builder
	b.WriteByte('{')
	for i, p := range q.Params() {
		if i > 0 {
			b.WriteByte(',')
		}
		jsonQuote(&b, p.Key)
		b.WriteByte(':')
		jsonQuote(&b, p.Value)
	}
	b.WriteByte('}')
	return b.String()
}

func (q *Query) plainObject() *jsObject {
	o := newObject()
	o.set("fields", q.fields)
	o.set("filter", q.filter)
	o.set("sort", q.sort)
	o.set("skip", q.skip)
	o.set("limit", q.limit)
	return o
}

// MarshalJSON is JSON.stringify(query): Node's toJSON(), the plain object
// {"fields":[...],"filter":{...},"sort":{...},"skip":0,"limit":null} of the
// top-level query.
func (q *Query) MarshalJSON() ([]byte, error) {
	s, err := stringify(q.root().plainObject())
	if err != nil {
		return nil, err
	}
	return []byte(s), nil
}

// PlainObject is Node's toPlainObject() as Go values.
type PlainObject struct {
	Fields []any  // usually strings
	Filter Object // the Mongo-style filter
	Sort   Object // field to direction (1 or -1)
	Skip   any    // a float64
	Limit  any    // nil (no limit) or a float64, or what SetLimit was given
}

// PlainObject returns the state of the top-level query (Node's toPlainObject
// and toJSON). Objects are [Object], arrays []any, numbers float64.
func (q *Query) PlainObject() PlainObject {
	r := q.root()
	p := PlainObject{Skip: toGo(r.skip), Limit: toGo(r.limit)}
	if a, ok := toGo(r.fields).([]any); ok {
		p.Fields = a
	}
	if o, ok := toGo(r.filter).(Object); ok {
		p.Filter = o
	}
	if o, ok := toGo(r.sort).(Object); ok {
		p.Sort = o
	}
	return p
}
