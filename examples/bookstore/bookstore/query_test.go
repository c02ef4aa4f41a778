package bookstore

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/flexgo/flexgo/core/query"
)

// params is a query's parameters as Kinvey sends them: k=v joined with &, in the Node SDK's order.
func params(q *query.Query) string {
	var out []string
	for _, p := range q.Params() {
		out = append(out, p.Key+"="+p.Value)
	}
	return strings.Join(out, "&")
}

func TestParseQuery(t *testing.T) {
	deep := strings.Repeat(`{"a":`, 10001) + "1" + strings.Repeat("}", 10001)
	tests := []struct {
		name   string
		params map[string]any
		want   string // the parsed query's parameters, or
		err    string // the error's text
	}{
		{"nothing", nil, "", ""},
		{"equality", map[string]any{"query": `{"author":"Jane Austen","year":1815}`},
			`query={"author":"Jane Austen","year":1815}`, ""},
		{"operators", map[string]any{"query": `{"year":{"$gte":1900,"$lt":2000},"author":{"$in":["A","B"]}}`},
			`query={"year":{"$gte":1900,"$lt":2000},"author":{"$in":["A","B"]}}`, ""},
		{"a top-level operator", map[string]any{"query": `{"$or":[{"year":1815},{"title":{"$regex":"^D"}}]}`},
			`query={"$or":[{"year":1815},{"title":{"$regex":"^D"}}]}`, ""},
		{"operators are not checked here", map[string]any{"query": `{"year":{"$nosuch":1}}`},
			`query={"year":{"$nosuch":1}}`, ""},
		{"blank query text", map[string]any{"query": " "}, "", ""},
		{"sort keeps its order", map[string]any{"sort": `{"year":-1,"title":1}`}, `sort={"year":-1,"title":1}`, ""},
		{"skip and limit", map[string]any{"skip": "2", "limit": "10"}, "limit=10&skip=2", ""},
		{"limit 0 is no limit", map[string]any{"limit": "0"}, "", ""},
		{"fields", map[string]any{"fields": "title, author,"}, "fields=title,author", ""},
		{"no fields", map[string]any{"fields": ""}, "", ""},
		{"everything", map[string]any{"query": `{"year":{"$gt":1}}`, "sort": `{"year":1}`, "skip": "1", "limit": "2", "fields": "title"},
			`query={"year":{"$gt":1}}&fields=title&limit=2&skip=1&sort={"year":1}`, ""},
		{"other parameters are ignored", map[string]any{"count": "true", "tls": "x"}, "", ""},

		{"not JSON", map[string]any{"query": `{author}`}, "", "query must be a JSON object"},
		{"a JSON array", map[string]any{"query": `[1]`}, "", "query must be a JSON object"},
		{"JSON null", map[string]any{"query": `null`}, "", "query must be a JSON object"},
		{"two values", map[string]any{"query": `{} {}`}, "", "query must be a JSON object"},
		{"nested too deep", map[string]any{"query": deep}, "", "query must be a JSON object"},
		{"query given twice", map[string]any{"query": []any{"{}", "{}"}}, "", "query must be JSON text"},
		{"a bad sort direction", map[string]any{"sort": `{"year":0}`}, "", `sort "year" must be 1 or -1`},
		{"a sort that is not an object", map[string]any{"sort": `["year"]`}, "", "sort must be a JSON object"},
		{"a sort with trailing text", map[string]any{"sort": `{"year":1}x`}, "", "sort must be a JSON object"},
		{"a negative skip", map[string]any{"skip": "-1"}, "", "skip must be a non-negative integer"},
		{"a limit that is not a number", map[string]any{"limit": "ten"}, "", "limit must be a non-negative integer"},
		{"a limit too large", map[string]any{"limit": "10001"}, "", "limit must be at most 10000"},
		{"a limit as an object", map[string]any{"limit": map[string]any{"a": "1"}}, "", "limit must be a number"},
		{"fields given twice", map[string]any{"fields": []any{"a", "b"}}, "", "fields must be text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseQuery(tt.params)
			if tt.err != "" {
				if err == nil || !errors.Is(err, ErrBadQuery) || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := params(q); got != tt.want {
				t.Errorf("parameters %s, want %s", got, tt.want)
			}
		})
	}
}

// ParseFilter reads the filter alone: what a count or a delete needs.
func TestParseFilter(t *testing.T) {
	q, err := ParseFilter(map[string]any{"query": `{"year":{"$lt":1900}}`, "sort": `{"year":1}`, "limit": "1", "fields": "title"})
	if err != nil || params(q) != `query={"year":{"$lt":1900}}` {
		t.Errorf("ParseFilter: %s %v", params(q), err)
	}
	if _, err := ParseFilter(map[string]any{"query": "[]", "limit": "ignored"}); !errors.Is(err, ErrBadQuery) {
		t.Errorf("ParseFilter of an array: %v", err)
	}
}

// FuzzParseQuery: any query, sort, skip, limit and fields text either parses into a query that
// the store evaluates or refuses with ErrBadQuery, or is refused with ErrBadQuery; never a panic.
func FuzzParseQuery(f *testing.F) {
	seeds := [][5]string{
		{`{"title":"Dune"}`, `{"year":-1}`, "0", "10", "title"},
		{`{"year":{"$gt":1}}`, `{"a":1,"b":-1}`, "x", "-1", ""},
		{`{"$or":[{"year":1815},{"title":{"$regex":"^(D|E)","$options":"i"}}]}`, `{"author":1,"year":-1}`, "1", "2", "title,year"},
		{`{"title":{"$regex":"(?=a)"}}`, `{"title":1}`, "0", "0", ","},
		{`{"year":{"$nosuch":1}}`, "", "", "", ""},
		{`[]`, `[]`, "", "", ""},
		{`{"a":[1,{"b":2}]}`, `{"a":1}{}`, "99999999999999999999", "10001", "a"},
		{`{"a":1e999}`, `{"a":1.0}`, "+1", " 1", " "},
		{`null`, `null`, "1", "1", "_id"},
		{`{"\u0000":"\ud800"}`, `{`, "0", "0", "\x00"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2], s[3], s[4])
	}
	store := NewStore(SampleBooks()...)
	f.Fuzz(func(t *testing.T, filter, sort, skip, limit, fields string) {
		q, err := ParseQuery(map[string]any{"query": filter, "sort": sort, "skip": skip, "limit": limit, "fields": fields})
		if err != nil {
			if !errors.Is(err, ErrBadQuery) {
				t.Fatalf("error %v is not ErrBadQuery", err)
			}
			return
		}
		p := q.PlainObject()
		if n, ok := p.Limit.(float64); ok && (n < 0 || n > MaxLimit) {
			t.Fatalf("limit %v accepted", p.Limit)
		}
		if n, ok := p.Skip.(float64); !ok || n < 0 {
			t.Fatalf("skip %v accepted", p.Skip)
		}
		if _, err := store.Find(context.Background(), q); err != nil && !errors.Is(err, ErrBadQuery) {
			t.Fatalf("Find: %v is not ErrBadQuery", err)
		}
		if _, err := store.Count(context.Background(), q); err != nil && !errors.Is(err, ErrBadQuery) {
			t.Fatalf("Count: %v is not ErrBadQuery", err)
		}
	})
}
