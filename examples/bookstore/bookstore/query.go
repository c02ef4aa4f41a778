package bookstore

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/flexgo/flexgo/core/query"
)

// MaxLimit is the largest limit a query may ask for (Kinvey's own cap on a page).
const MaxLimit = 10000

// ParseQuery reads the query string parameters of a Kinvey collection request, as
// core.DataRequest.Query holds them, into a core/query Query:
//
//   - "query": the filter, a JSON object in Kinvey's (MongoDB's) syntax: equalities and operators
//     such as $gte, $in, $or, $regex;
//   - "sort": a JSON object of field: 1 (ascending) or -1 (descending), most significant first;
//   - "skip" and "limit": non-negative integers, limit at most MaxLimit (0 or none: no limit);
//   - "fields": the fields to answer, separated by commas (_id is always answered).
//
// Other parameters are ignored. Only the shape is checked here: the storage evaluates the
// filter's operators ([Store] reports those it cannot evaluate as ErrBadQuery; Kinvey judges
// its own). Every error wraps ErrBadQuery.
func ParseQuery(params map[string]any) (*query.Query, error) {
	var opts query.Options
	var err error
	if opts.Filter, err = parseFilter(params["query"]); err != nil {
		return nil, err
	}
	if opts.Sort, err = parseSort(params["sort"]); err != nil {
		return nil, err
	}
	if opts.Fields, err = parseFields(params["fields"]); err != nil {
		return nil, err
	}
	if opts.Skip, err = parseCount("skip", params["skip"]); err != nil {
		return nil, err
	}
	limit, err := parseCount("limit", params["limit"])
	if err != nil {
		return nil, err
	}
	if limit > MaxLimit {
		return nil, fmt.Errorf("%w: limit must be at most %d", ErrBadQuery, MaxLimit)
	}
	opts.Limit = limit
	return build(opts)
}

// ParseFilter is [ParseQuery] for the "query" parameter alone: the filter of a count or a
// delete. Other parameters are ignored.
func ParseFilter(params map[string]any) (*query.Query, error) {
	filter, err := parseFilter(params["query"])
	if err != nil {
		return nil, err
	}
	return build(query.Options{Filter: filter})
}

// build makes the query, reporting what core/query refuses as ErrBadQuery.
func build(opts query.Options) (*query.Query, error) {
	q := query.FromOptions(opts)
	if err := q.Err(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadQuery, err)
	}
	return q, nil
}

// onlyFilter is q without its sort, skip, limit and fields.
func onlyFilter(q *query.Query) *query.Query {
	return query.FromOptions(query.Options{Filter: q.PlainObject().Filter})
}

// parseFilter checks that the filter is JSON text of an object and returns it as is (nil when
// absent or blank), for core/query to read in its own order.
func parseFilter(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	text, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("%w: query must be JSON text", ErrBadQuery)
	}
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, nil
	}
	if !json.Valid([]byte(text)) || text[0] != '{' {
		return nil, fmt.Errorf("%w: query must be a JSON object", ErrBadQuery)
	}
	return json.RawMessage(text), nil
}

// parseSort reads the sort object token by token: the order of its members is the order of the
// keys.
func parseSort(v any) (any, error) {
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
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("%w: sort must be a JSON object", ErrBadQuery)
	}
	sort := query.Object{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("%w: sort must be a JSON object", ErrBadQuery)
		}
		field := tok.(string) // object keys are strings
		var dir json.Number
		if err := dec.Decode(&dir); err != nil || (dir != "1" && dir != "-1") {
			return nil, fmt.Errorf("%w: sort %q must be 1 or -1", ErrBadQuery, field)
		}
		n, _ := dir.Int64()
		sort = append(sort, query.Member{Key: field, Value: n})
	}
	if _, err := dec.Token(); err != nil || dec.More() {
		return nil, fmt.Errorf("%w: sort must be a JSON object", ErrBadQuery)
	}
	return sort, nil
}

// parseFields reads "title,author" as the list of those fields; nil when there is none.
func parseFields(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	text, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("%w: fields must be text, the names separated by commas", ErrBadQuery)
	}
	var fields []string
	for _, f := range strings.Split(text, ",") {
		if f = strings.TrimSpace(f); f != "" {
			fields = append(fields, f)
		}
	}
	if fields == nil {
		return nil, nil
	}
	return fields, nil
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
