package query

import (
	"github.com/flexgo/flexgo/internal/js"

	"math"
	"strings"
)

// A port of sift 3.2.6 (the matcher Node's Query.process uses), over the value
// model of value.go: the same operators, the same preparation of their
// arguments, the same traversal of dotted keys through arrays, and the same
// exceptions.

type siftFn func(b any) (bool, error)

var siftOperators = map[string]bool{
	"$eq": true, "$ne": true, "$or": true, "$gt": true, "$gte": true, "$lt": true, "$lte": true,
	"$mod": true, "$in": true, "$nin": true, "$not": true, "$type": true, "$all": true,
	"$size": true, "$nor": true, "$and": true, "$regex": true, "$where": true,
	"$elemMatch": true, "$exists": true,
}

// comparable is sift's comparable(): a Date becomes its time value, an array
// a new array of comparables.
func comparable(v any) any {
	switch x := v.(type) {
	case *jsDate:
		return x.ms
	case *jsArray:
		a := &jsArray{elems: make([]any, len(x.elems))}
		for i, e := range x.elems {
			a.elems[i] = comparable(e)
		}
		return a
	}
	return v
}

// siftCompare is sift.compare: 0, 1, -1, or ok=false for undefined.
func siftCompare(a, b any) (int, bool) {
	if strictEquals(a, b) {
		return 0, true
	}
	if typeOf(a) == typeOf(b) {
		if jsLess(b, a) {
			return 1, true
		}
		if jsLess(a, b) {
			return -1, true
		}
	}
	return 0, false
}

// siftGet is sift's get(obj, key): an object with a truthy own "get" member
// has it called, which throws since JSON values have no functions.
func siftGet(obj any, key string) (any, error) {
	if o, ok := obj.(*jsObject); ok {
		if g, ok := o.vals["get"]; ok && truthy(g) {
			return nil, typeError("obj.get is not a function")
		}
	}
	return getProp(obj, key), nil
}

// indexOf is a.indexOf(x) for an array (strict equality) or a string
// (substring search of String(x)); other receivers throw.
func indexOf(a any, x any, what string) (bool, error) {
	switch t := a.(type) {
	case *jsArray:
		for _, e := range t.elems {
			if strictEquals(e, x) {
				return true, nil
			}
		}
		return false, nil
	case string:
		return strings.Contains(t, toJSString(x)), nil
	}
	return false, typeError(what + ".indexOf is not a function")
}

func siftOr(a any, f func(a, b any) (bool, error)) func(b any) (bool, error) {
	return func(b any) (bool, error) {
		arr, ok := b.(*jsArray)
		if !ok || len(arr.elems) == 0 {
			return f(a, b)
		}
		for _, e := range arr.elems {
			r, err := f(a, e)
			if err != nil || r {
				return r, err
			}
		}
		return false, nil
	}
}

func siftAnd(a any, f func(a, b any) (bool, error)) func(b any) (bool, error) {
	return func(b any) (bool, error) {
		arr, ok := b.(*jsArray)
		if !ok || len(arr.elems) == 0 {
			return f(a, b)
		}
		for _, e := range arr.elems {
			r, err := f(a, e)
			if err != nil || !r {
				return r, err
			}
		}
		return true, nil
	}
}

// prepareEq is sift's prepare.$eq.
func prepareEq(a any) func(b any) (bool, error) {
	switch x := a.(type) {
	case *RegExp:
		return func(b any) (bool, error) {
			s, ok := b.(string)
			if !ok {
				return false, nil
			}
			return x.Test(s)
		}
	case *jsArray:
		if len(x.elems) == 0 {
			return func(b any) (bool, error) {
				arr, ok := b.(*jsArray)
				return ok && len(arr.elems) == 0, nil
			}
		}
	case nil:
		return func(b any) (bool, error) { return isNullish(b), nil }
	}
	return func(b any) (bool, error) {
		c, ok := siftCompare(comparable(b), a)
		return ok && c == 0, nil
	}
}

func parseList(a any) ([]siftFn, error) {
	arr, ok := a.(*jsArray)
	if !ok {
		return nil, typeError("a.map is not a function")
	}
	out := make([]siftFn, len(arr.elems))
	for i, e := range arr.elems {
		f, err := siftParse(e)
		if err != nil {
			return nil, err
		}
		out[i] = f
	}
	return out, nil
}

func siftOperator(key string, raw any, query *jsObject) (siftFn, error) {
	switch key {
	case "$eq":
		eq := prepareEq(raw)
		return siftOr(nil, func(_, b any) (bool, error) { return eq(b) }), nil
	case "$ne":
		eq := prepareEq(raw)
		return siftAnd(nil, func(_, b any) (bool, error) {
			r, err := eq(b)
			return !r, err
		}), nil
	case "$or", "$and", "$nor":
		list, err := parseList(raw)
		if err != nil {
			return nil, err
		}
		return func(b any) (bool, error) {
			for _, f := range list {
				r, err := f(b)
				if err != nil {
					return false, err
				}
				switch {
				case key == "$or" && r:
					return true, nil
				case key == "$and" && !r:
					return false, nil
				case key == "$nor" && r:
					return false, nil
				}
			}
			return key != "$or", nil
		}, nil
	case "$not":
		f, err := siftParse(raw)
		if err != nil {
			return nil, err
		}
		return func(b any) (bool, error) {
			r, err := f(b)
			return !r, err
		}, nil
	case "$elemMatch":
		f, err := siftParse(raw)
		if err != nil {
			return nil, err
		}
		return func(b any) (bool, error) {
			if arr, ok := b.(*jsArray); ok {
				for _, e := range arr.elems {
					r, err := f(e)
					if err != nil || r {
						return r, err
					}
				}
				return false, nil
			}
			return f(b)
		}, nil
	case "$exists":
		want := truthy(raw)
		return func(b any) (bool, error) { return !isNullish(b) == want, nil }, nil
	case "$regex":
		flags := ""
		if o, ok := query.vals["$options"]; ok && !isUndefined(o) {
			flags = toJSString(o)
		}
		pattern := ""
		switch p := raw.(type) {
		case *RegExp:
			pattern = p.pattern
		case undefinedType:
		default:
			pattern = toJSString(p)
		}
		re, err := CompileRegExp(pattern, flags)
		if err != nil {
			return nil, err
		}
		return siftOr(nil, func(_, b any) (bool, error) {
			s, ok := b.(string)
			if !ok {
				return false, nil
			}
			return re.Test(s)
		}), nil
	case "$where":
		return nil, &UnsupportedError{What: "the $where operator (it evaluates JavaScript)"}
	}
	a := comparable(raw)
	switch key {
	case "$gt", "$gte", "$lt", "$lte":
		return siftOr(a, func(a, b any) (bool, error) {
			c, ok := siftCompare(comparable(b), a)
			if !ok {
				return false, nil
			}
			switch key {
			case "$gt":
				return c > 0, nil
			case "$gte":
				return c >= 0, nil
			case "$lt":
				return c < 0, nil
			}
			return c <= 0, nil
		}), nil
	case "$mod":
		return siftOr(a, func(a, b any) (bool, error) {
			d := toNumber(getIndex(a, 0))
			r := math.Mod(toNumber(b), d)
			return looseEquals(r, getIndex(a, 1)), nil
		}), nil
	case "$in", "$nin":
		return func(b any) (bool, error) {
			r, err := siftIn(a, b)
			if key == "$nin" {
				r = !r
			}
			return r, err
		}, nil
	case "$type":
		return func(b any) (bool, error) {
			if isNullish(b) {
				return false, nil
			}
			return false, typeError("Right-hand side of 'instanceof' is not callable")
		}, nil
	case "$all":
		return func(b any) (bool, error) {
			if !truthy(b) {
				b = &jsArray{}
			}
			n, ok := getProp(a, "length").(float64)
			if !ok {
				return true, nil
			}
			cb := comparable(b)
			for i := int(n) - 1; i >= 0; i-- {
				found, err := indexOf(cb, getIndex(a, i), "comparable(...)")
				if err != nil {
					return false, err
				}
				if !found {
					return false, nil
				}
			}
			return true, nil
		}, nil
	case "$size":
		return func(b any) (bool, error) {
			return truthy(b) && strictEquals(a, getProp(b, "length")), nil
		}, nil
	}
	return nil, &JSError{Name: "Error", Message: "Unknown operation " + key}
}

func siftIn(a, b any) (bool, error) {
	if arr, ok := b.(*jsArray); ok {
		for i := len(arr.elems) - 1; i >= 0; i-- {
			r, err := indexOf(a, comparable(arr.elems[i]), "a")
			if err != nil || r {
				return r, err
			}
		}
		return false, nil
	}
	return indexOf(a, comparable(b), "a")
}

// siftParse is sift's parse(query).
func siftParse(query any) (siftFn, error) {
	query = comparable(query)
	obj, ok := query.(*jsObject)
	if !ok {
		obj = newObject()
		obj.set("$eq", query)
	}
	var fns []siftFn
	for _, key := range obj.keys() {
		a := obj.vals[key]
		if key == "$options" {
			continue
		}
		if siftOperators[key] {
			f, err := siftOperator(key, a, obj)
			if err != nil {
				return nil, err
			}
			fns = append(fns, f)
			continue
		}
		if strings.HasPrefix(key, "$") {
			return nil, &JSError{Name: "Error", Message: "Unknown operation " + key}
		}
		sub, err := siftParse(a)
		if err != nil {
			return nil, err
		}
		fns = append(fns, nestedValidator(strings.Split(key, "."), sub))
	}
	if len(fns) == 1 {
		return fns[0], nil
	}
	return func(b any) (bool, error) {
		for _, f := range fns {
			r, err := f(b)
			if err != nil || !r {
				return r, err
			}
		}
		return true, nil
	}, nil
}

func nestedValidator(keys []string, nv siftFn) siftFn {
	return func(b any) (bool, error) {
		var values []any
		if err := findValues(b, keys, 0, &values); err != nil {
			return false, err
		}
		if len(values) == 1 {
			return nv(values[0])
		}
		for _, v := range values {
			r, err := nv(v)
			if err != nil || r {
				return r, err
			}
		}
		return false, nil
	}
}

func findValues(current any, keys []string, index int, values *[]any) error {
	if index == len(keys) || isNullish(current) {
		*values = append(*values, current)
		return nil
	}
	k := keys[index]
	if arr, ok := current.(*jsArray); ok && math.IsNaN(js.ToNumber(k)) {
		for _, e := range arr.elems {
			if err := findValues(e, keys, index, values); err != nil {
				return err
			}
		}
		return nil
	}
	next, err := siftGet(current, k)
	if err != nil {
		return err
	}
	return findValues(next, keys, index+1, values)
}
