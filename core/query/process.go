package query

import (
	"github.com/flexgo/flexgo/internal/js"

	"math"
	"strings"
)

// Process is Node's query.process(data): it filters data with the query's
// filter (as sift 3.2.6 does), sorts the result with Node's comparator (and
// V8's sort), removes the fields not asked for (keeping _id and _acl) and
// applies skip and limit, in that order. It works on the top-level query, as
// Node does.
//
// Items are JSON-like Go values (map[string]any, []any, string, float64,
// bool, nil, json.Number, or anything encoding/json can marshal). Unlike Node,
// Process does not modify data: an item whose fields are removed is returned
// as a new map (or slice). A nil data is returned as nil, as Node returns a
// falsy argument unchanged.
//
// The error is the query's recorded error if it has one, else what Node would
// throw ([*JSError], [*Error]) or an [*UnsupportedError].
func (q *Query) Process(data []any) ([]any, error) {
	if err := q.Err(); err != nil {
		return nil, err
	}
	if data == nil {
		return nil, nil
	}
	r := q.root()
	conv := converter{}
	items := make([]any, len(data))
	for i, d := range data {
		v, err := conv.conv(d, 0)
		if err != nil {
			return nil, err
		}
		items[i] = v
	}

	match, err := siftParse(r.filter)
	if err != nil {
		return nil, err
	}
	type entry struct {
		v   any
		idx int
	}
	var kept []any
	for i, it := range items {
		ok, err := match(it)
		if err != nil {
			return nil, err
		}
		if ok {
			kept = append(kept, &entry{v: it, idx: i})
		}
	}

	sortObj := r.sort.(*jsObject)
	v8Sort(kept, func(x, y any) float64 {
		a, b := x.(*entry).v, y.(*entry).v
		action := 0.0
		for _, field := range sortObj.keys() {
			af, bf := nested(a, field), nested(b, field)
			mod := toNumber(sortObj.vals[field])
			switch {
			case !isNullish(af) && isNullish(bf):
				return 1 * mod
			case isNullish(af) && !isNullish(bf):
				return -1 * mod
			case isUndefined(af) && bf == nil:
				return 0
			case af == nil && isUndefined(bf):
				return 0
			case !strictEquals(af, bf):
				sign := 1.0
				if jsLess(af, bf) {
					sign = -1
				}
				action = sign * mod
			}
		}
		return action
	})

	// Remove fields.
	var projected map[int]map[string]bool // item index -> keys removed
	if fa, ok := r.fields.(*jsArray); ok && len(fa.elems) > 0 {
		fields := append(append([]any{}, fa.elems...), "_id", "_acl")
		keep := func(k string) bool {
			for _, f := range fields {
				if s, ok := f.(string); ok && s == k {
					return true
				}
			}
			return false
		}
		projected = map[int]map[string]bool{}
		for _, e := range kept {
			en := e.(*entry)
			removed := map[string]bool{}
			switch it := en.v.(type) {
			case nil, undefinedType:
				return nil, typeError("Cannot convert undefined or null to object")
			case *jsObject:
				for _, k := range it.keys() {
					if !keep(k) {
						removed[k] = true
					}
				}
			case *jsArray:
				for i := range it.elems {
					if k := itoa(i); !keep(k) {
						removed[k] = true
					}
				}
			case string:
				for i, n := 0, strLen(it); i < n; i++ {
					if k := itoa(i); !keep(k) {
						return nil, typeError("Cannot delete property '" + k + "' of [object String]")
					}
				}
			}
			projected[en.idx] = removed
		}
	}

	// Limit and skip.
	start, end := len(kept), len(kept)
	skip := toNumber(r.skip)
	if truthy(r.limit) {
		start, end = sliceBounds(len(kept), skip, skip+toNumber(r.limit))
	} else {
		start, _ = sliceBounds(len(kept), skip, math.Inf(1))
	}
	out := make([]any, 0, max(0, end-start))
	for _, e := range kept[start:max(start, end)] {
		en := e.(*entry)
		removed, ok := projected[en.idx]
		if !ok || len(removed) == 0 {
			out = append(out, data[en.idx])
			continue
		}
		out = append(out, project(data[en.idx], en.v, removed))
	}
	return out, nil
}

func itoa(i int) string { return js.FormatNumber(float64(i)) }

// sliceBounds is the start and end Array.prototype.slice(start, end) uses.
func sliceBounds(n int, start, end float64) (int, int) {
	rel := func(x float64) int {
		if x != x {
			x = 0
		}
		x = math.Trunc(x)
		if x < 0 {
			x = math.Max(float64(n)+x, 0)
		} else {
			x = math.Min(x, float64(n))
		}
		return int(x)
	}
	return rel(start), rel(end)
}

// project returns a copy of the original item without the removed keys.
func project(orig any, v any, removed map[string]bool) any {
	switch o := orig.(type) {
	case map[string]any:
		m := make(map[string]any, len(o))
		for k, x := range o {
			if !removed[k] {
				m[k] = x
			}
		}
		return m
	case []any:
		a := make([]any, len(o))
		for i, x := range o {
			if !removed[itoa(i)] {
				a[i] = x
			}
		}
		return a
	}
	// Another Go type: rebuild from the JavaScript value.
	switch x := v.(type) {
	case *jsObject:
		m := map[string]any{}
		for _, k := range x.keys() {
			if !removed[k] {
				m[k] = plainGo(x.vals[k])
			}
		}
		return m
	case *jsArray:
		a := make([]any, len(x.elems))
		for i, e := range x.elems {
			if !removed[itoa(i)] {
				a[i] = plainGo(e)
			}
		}
		return a
	}
	return orig
}

// plainGo converts to encoding/json-style Go values (map[string]any).
func plainGo(v any) any {
	switch x := v.(type) {
	case *jsObject:
		m := map[string]any{}
		for k, e := range x.vals {
			m[k] = plainGo(e)
		}
		return m
	case *jsArray:
		a := make([]any, len(x.elems))
		for i, e := range x.elems {
			a[i] = plainGo(e)
		}
		return a
	case undefinedType:
		return nil
	}
	return toGo(v)
}

// nested is query.js's nested(obj, dotProperty): it walks the dotted path
// while the current value is truthy.
func nested(obj any, dot string) any {
	if dot == "" {
		return obj
	}
	parts := strings.Split(dot, ".")
	i := 0
	cur := parts[0]
	for cur != "" && truthy(obj) {
		obj = getProp(obj, cur)
		i++
		if i < len(parts) {
			cur = parts[i]
		} else {
			cur = ""
		}
	}
	return obj
}
