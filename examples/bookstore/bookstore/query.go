package bookstore

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Query is what a Kinvey collection request asks for: the books matching Filter, ordered by
// Sort, Skip of them left out and at most Limit (0: no limit) answered.
type Query struct {
	Filter Filter
	Sort   []SortKey
	Skip   int
	Limit  int
}

// Filter selects books by equality: each member names a field of the book's JSON ("_id",
// "title", "year", …) and the value it must have. An empty Filter selects every book.
type Filter map[string]any

// SortKey orders by one field, ascending unless Descending.
type SortKey struct {
	Field      string
	Descending bool
}

// MaxLimit is the largest limit a query may ask for (Kinvey's own cap on a page).
const MaxLimit = 10000

// ParseQuery reads the query string parameters of a Kinvey collection request, as
// core.DataRequest.Query holds them: "query" (a JSON object of field: value equalities), "sort"
// (a JSON object of field: 1 or -1, in order), "skip" and "limit" (non-negative integers). Other
// parameters (fields, count, …) are ignored. Operators such as $gt or $or are not supported: the
// error says so, wrapping ErrBadQuery.
func ParseQuery(params map[string]any) (Query, error) {
	var q Query
	var err error
	if q.Filter, err = parseFilter(params["query"]); err != nil {
		return Query{}, err
	}
	if q.Sort, err = parseSort(params["sort"]); err != nil {
		return Query{}, err
	}
	if q.Skip, err = parseCount("skip", params["skip"]); err != nil {
		return Query{}, err
	}
	if q.Limit, err = parseCount("limit", params["limit"]); err != nil {
		return Query{}, err
	}
	if q.Limit > MaxLimit {
		return Query{}, fmt.Errorf("%w: limit must be at most %d", ErrBadQuery, MaxLimit)
	}
	return q, nil
}

func parseFilter(v any) (Filter, error) {
	if v == nil {
		return Filter{}, nil
	}
	text, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("%w: query must be JSON text", ErrBadQuery)
	}
	if strings.TrimSpace(text) == "" {
		return Filter{}, nil
	}
	var f Filter
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	if err := dec.Decode(&f); err != nil || dec.More() {
		return nil, fmt.Errorf("%w: query must be a JSON object", ErrBadQuery)
	}
	if f == nil {
		return nil, fmt.Errorf("%w: query must be a JSON object", ErrBadQuery)
	}
	for field, want := range f {
		if strings.HasPrefix(field, "$") {
			return nil, fmt.Errorf("%w: the operator %s is not supported; only field equality is", ErrBadQuery, field)
		}
		if _, isObject := want.(map[string]any); isObject {
			return nil, fmt.Errorf("%w: %q: only equality to a value is supported, not operators or objects", ErrBadQuery, field)
		}
		f[field] = normalize(want)
	}
	return f, nil
}

func parseSort(v any) ([]SortKey, error) {
	if v == nil {
		return nil, nil
	}
	text, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("%w: sort must be JSON text", ErrBadQuery)
	}
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	// Read token by token: the order of the members is the order of the keys.
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("%w: sort must be a JSON object", ErrBadQuery)
	}
	var keys []SortKey
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("%w: sort must be a JSON object", ErrBadQuery)
		}
		field := tok.(string) // object keys are strings
		var dir json.Number
		if err := dec.Decode(&dir); err != nil {
			return nil, fmt.Errorf("%w: sort %q must be 1 or -1", ErrBadQuery, field)
		}
		switch dir {
		case "1":
			keys = append(keys, SortKey{Field: field})
		case "-1":
			keys = append(keys, SortKey{Field: field, Descending: true})
		default:
			return nil, fmt.Errorf("%w: sort %q must be 1 or -1", ErrBadQuery, field)
		}
	}
	if _, err := dec.Token(); err != nil || dec.More() {
		return nil, fmt.Errorf("%w: sort must be a JSON object", ErrBadQuery)
	}
	return keys, nil
}

func parseCount(name string, v any) (int, error) {
	if v == nil {
		return 0, nil
	}
	s, ok := v.(string)
	if !ok {
		return 0, fmt.Errorf("%w: %s must be a number", ErrBadQuery, name)
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%w: %s must be a non-negative integer, not %q", ErrBadQuery, name, s)
	}
	return n, nil
}

// normalize makes decoded JSON values comparable: numbers become float64 (json.Number where
// UseNumber kept them), arrays are normalized element by element.
func normalize(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return x.String()
		}
		return f
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalize(e)
		}
		return out
	}
	return v
}

// Matches reports whether every member of f equals the field of the book's JSON.
func (f Filter) Matches(b Book) bool {
	if len(f) == 0 {
		return true
	}
	return f.matchFields(b.fields())
}

// matchFields is Matches for a book's fields.
func (f Filter) matchFields(fields map[string]any) bool {
	for field, want := range f {
		if !equalJSON(fields[field], want) {
			return false
		}
	}
	return true
}

func equalJSON(a, b any) bool {
	ja, errA := json.Marshal(normalize(a))
	jb, errB := json.Marshal(normalize(b))
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}

// compareField orders two values of a field: missing and null first, then numbers, then
// strings, then anything else by its JSON text.
func compareField(a, b any) int {
	ra, rb := rank(a), rank(b)
	if ra != rb {
		return ra - rb
	}
	switch x := a.(type) {
	case float64:
		y := b.(float64)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case string:
		return strings.Compare(x, b.(string))
	case bool:
		y := b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Compare(ja, jb)
}

func rank(v any) int {
	switch v.(type) {
	case nil:
		return 0
	case float64:
		return 1
	case string:
		return 2
	case bool:
		return 3
	}
	return 4
}
