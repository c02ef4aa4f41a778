package bookstore

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		name   string
		params map[string]any
		want   Query
		err    string
	}{
		{"nothing", nil, Query{Filter: Filter{}}, ""},
		{"equality", map[string]any{"query": `{"author":"Jane Austen","year":1815}`},
			Query{Filter: Filter{"author": "Jane Austen", "year": 1815.0}}, ""},
		{"empty query text", map[string]any{"query": " "}, Query{Filter: Filter{}}, ""},
		{"sort keeps its order", map[string]any{"sort": `{"year":-1,"title":1}`},
			Query{Filter: Filter{}, Sort: []SortKey{{"year", true}, {"title", false}}}, ""},
		{"skip and limit", map[string]any{"skip": "2", "limit": "10"}, Query{Filter: Filter{}, Skip: 2, Limit: 10}, ""},
		{"other parameters are ignored", map[string]any{"fields": "title", "count": "true"}, Query{Filter: Filter{}}, ""},
		{"an operator", map[string]any{"query": `{"year":{"$gt":1900}}`}, Query{}, `"year": only equality`},
		{"a top-level operator", map[string]any{"query": `{"$or":[{"a":1}]}`}, Query{}, "the operator $or is not supported"},
		{"not JSON", map[string]any{"query": `{author}`}, Query{}, "query must be a JSON object"},
		{"a JSON array", map[string]any{"query": `[1]`}, Query{}, "query must be a JSON object"},
		{"JSON null", map[string]any{"query": `null`}, Query{}, "query must be a JSON object"},
		{"two values", map[string]any{"query": `{} {}`}, Query{}, "query must be a JSON object"},
		{"query given twice", map[string]any{"query": []any{"{}", "{}"}}, Query{}, "query must be JSON text"},
		{"a bad sort direction", map[string]any{"sort": `{"year":0}`}, Query{}, `sort "year" must be 1 or -1`},
		{"a sort that is not an object", map[string]any{"sort": `["year"]`}, Query{}, "sort must be a JSON object"},
		{"a sort with trailing text", map[string]any{"sort": `{"year":1}x`}, Query{}, "sort must be a JSON object"},
		{"a negative skip", map[string]any{"skip": "-1"}, Query{}, "skip must be a non-negative integer"},
		{"a limit that is not a number", map[string]any{"limit": "ten"}, Query{}, "limit must be a non-negative integer"},
		{"a limit too large", map[string]any{"limit": "10001"}, Query{}, "limit must be at most 10000"},
		{"a limit as an object", map[string]any{"limit": map[string]any{"a": "1"}}, Query{}, "limit must be a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseQuery(tt.params)
			if tt.err != "" {
				if err == nil || !errors.Is(err, ErrBadQuery) || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func TestFilterMatches(t *testing.T) {
	dune := Book{ID: "1", Title: "Dune", Author: "Frank Herbert", Year: 1965}
	tests := []struct {
		filter string
		want   bool
	}{
		{`{}`, true},
		{`{"title":"Dune"}`, true},
		{`{"_id":"1","year":1965}`, true},
		{`{"year":1965.0}`, true},
		{`{"year":"1965"}`, false},
		{`{"title":"dune"}`, false},
		{`{"addedBy":null}`, true}, // a field the book does not have is null
		{`{"missing":"x"}`, false},
	}
	for _, tt := range tests {
		q, err := ParseQuery(map[string]any{"query": tt.filter})
		if err != nil {
			t.Fatalf("%s: %v", tt.filter, err)
		}
		if got := q.Filter.Matches(dune); got != tt.want {
			t.Errorf("%s matches: %v, want %v", tt.filter, got, tt.want)
		}
	}
}

// FuzzParseQuery: any query, sort, skip and limit text either parses into a query whose numbers
// are in range or is refused with ErrBadQuery; never a panic.
func FuzzParseQuery(f *testing.F) {
	seeds := [][4]string{
		{`{"title":"Dune"}`, `{"year":-1}`, "0", "10"},
		{`{"year":{"$gt":1}}`, `{"a":1,"b":-1}`, "x", "-1"},
		{`[]`, `[]`, "", ""},
		{`{"a":[1,{"b":2}]}`, `{"a":1}{}`, "99999999999999999999", "10001"},
		{`{"a":1e999}`, `{"a":1.0}`, "+1", " 1"},
		{`null`, `null`, "1", "1"},
		{`{"\u0000":"\ud800"}`, `{`, "0", "0"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, query, sort, skip, limit string) {
		q, err := ParseQuery(map[string]any{"query": query, "sort": sort, "skip": skip, "limit": limit})
		if err != nil {
			if !errors.Is(err, ErrBadQuery) {
				t.Fatalf("error %v is not ErrBadQuery", err)
			}
			return
		}
		if q.Filter == nil || q.Skip < 0 || q.Limit < 0 || q.Limit > MaxLimit {
			t.Fatalf("parsed %+v", q)
		}
		for field := range q.Filter {
			if strings.HasPrefix(field, "$") {
				t.Fatalf("operator %q accepted", field)
			}
		}
		q.Filter.Matches(Book{Title: "x"}) // must not panic
	})
}
