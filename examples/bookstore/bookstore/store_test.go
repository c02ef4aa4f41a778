package bookstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/flexgo/flexgo/core/query"
)

func ids(books []Book) []string {
	out := []string{}
	for _, b := range books {
		out = append(out, b.ID)
	}
	return out
}

// mustParse is ParseQuery of Kinvey's parameters, given as name, value, name, value...
func mustParse(t *testing.T, nameValues ...string) *query.Query {
	t.Helper()
	params := map[string]any{}
	for i := 0; i+1 < len(nameValues); i += 2 {
		params[nameValues[i]] = nameValues[i+1]
	}
	q, err := ParseQuery(params)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// The sample books: 1 Dune (Frank Herbert, 1965), 2 Emma (Jane Austen, 1815), 3 Neuromancer
// (William Gibson, 1984), 4 Persuasion (Jane Austen, 1817).
func TestStoreFind(t *testing.T) {
	s := NewStore(SampleBooks()...)
	tests := []struct {
		name   string
		params []string
		want   []string
	}{
		{"all, in insertion order", nil, []string{"1", "2", "3", "4"}},
		{"equality", []string{"query", `{"author":"Jane Austen"}`}, []string{"2", "4"}},
		{"$gte", []string{"query", `{"year":{"$gte":1900}}`}, []string{"1", "3"}},
		{"a range", []string{"query", `{"year":{"$gt":1815,"$lt":1984}}`}, []string{"1", "4"}},
		{"$in", []string{"query", `{"title":{"$in":["Emma","Dune","Ubik"]}}`}, []string{"1", "2"}},
		{"$nin", []string{"query", `{"title":{"$nin":["Emma","Dune"]}}`}, []string{"3", "4"}},
		{"$ne", []string{"query", `{"author":{"$ne":"Jane Austen"}}`}, []string{"1", "3"}},
		{"$or", []string{"query", `{"$or":[{"year":1815},{"author":"William Gibson"}]}`}, []string{"2", "3"}},
		{"$and", []string{"query", `{"$and":[{"author":"Jane Austen"},{"year":{"$gt":1815}}]}`}, []string{"4"}},
		{"$regex", []string{"query", `{"title":{"$regex":"^[DE]"}}`}, []string{"1", "2"}},
		{"$regex, ignoring case", []string{"query", `{"author":{"$regex":"austen$","$options":"i"}}`}, []string{"2", "4"}},
		{"$exists", []string{"query", `{"addedBy":{"$exists":true}}`}, []string{}},
		{"no match", []string{"query", `{"year":2000}`}, []string{}},
		{"sort by year", []string{"sort", `{"year":1}`}, []string{"2", "4", "1", "3"}},
		{"sort descending", []string{"sort", `{"title":-1}`}, []string{"4", "3", "2", "1"}},
		{"sort by two keys: the first decides", []string{"sort", `{"author":1,"year":-1}`}, []string{"1", "4", "2", "3"}},
		{"sort by two keys, the other way", []string{"sort", `{"year":-1,"author":1}`}, []string{"3", "1", "4", "2"}},
		{"filter, sort, skip and limit", []string{"query", `{"year":{"$gt":1800}}`, "sort", `{"year":1}`, "skip", "1", "limit", "2"},
			[]string{"4", "1"}},
		{"skip and limit with a sort on two keys", []string{"sort", `{"author":-1,"title":1}`, "skip", "1", "limit", "2"},
			[]string{"2", "4"}},
		{"skip past the end", []string{"skip", "10"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Find(context.Background(), mustParse(t, tt.params...))
			if err != nil || got == nil || !reflect.DeepEqual(ids(got), tt.want) {
				t.Errorf("Find: %v %v, want %v", ids(got), err, tt.want)
			}
		})
	}
}

// Fields leave out the others, but never _id.
func TestStoreFindFields(t *testing.T) {
	s := NewStore(SampleBooks()...)
	tests := []struct {
		params []string
		want   string
	}{
		{[]string{"fields", "title", "limit", "2"}, `[{"_id":"1","title":"Dune"},{"_id":"2","title":"Emma"}]`},
		{[]string{"fields", "author,year", "query", `{"year":{"$lt":1816}}`}, `[{"_id":"2","author":"Jane Austen","year":1815}]`},
		{[]string{"fields", "isbn", "limit", "1"}, `[{"_id":"1"}]`},
		{[]string{"fields", "_id,title", "sort", `{"title":-1}`, "limit", "1"}, `[{"_id":"4","title":"Persuasion"}]`},
	}
	for _, tt := range tests {
		got, err := s.Find(context.Background(), mustParse(t, tt.params...))
		raw, _ := json.Marshal(got)
		if err != nil || string(raw) != tt.want {
			t.Errorf("%v: %s %v, want %s", tt.params, raw, err, tt.want)
		}
	}
}

// What core/query cannot evaluate is ErrBadQuery, with core/query's explanation.
func TestStoreBadQueries(t *testing.T) {
	s := NewStore(SampleBooks()...)
	ctx := context.Background()
	tests := []struct {
		filter, err string
	}{
		{`{"year":{"$nosuch":1}}`, "Unknown operation $nosuch"},
		{`{"title":{"$regex":"("}}`, "Invalid regular expression: /(/: Unterminated group"},
		{`{"title":{"$regex":"D(?=u)"}}`, "not supported: lookahead"},
		{`{"$where":"this.year > 1900"}`, "not supported: the $where operator"},
	}
	for _, tt := range tests {
		q := mustParse(t, "query", tt.filter)
		_, errFind := s.Find(ctx, q)
		_, errCount := s.Count(ctx, q)
		_, errDelete := s.DeleteWhere(ctx, q)
		for _, err := range []error{errFind, errCount, errDelete} {
			if !errors.Is(err, ErrBadQuery) || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: %v, want ErrBadQuery containing %q", tt.filter, err, tt.err)
			}
		}
	}
	if n, _ := s.Count(ctx, query.New()); n != 4 {
		t.Errorf("a bad query deleted books: %d left", n)
	}
}

// Count and DeleteWhere read only the filter: skip, limit and fields do not apply.
func TestStoreCountAndDeleteWhere(t *testing.T) {
	ctx := context.Background()
	s := NewStore(SampleBooks()...)
	tests := []struct {
		params []string
		want   int
	}{
		{nil, 4},
		{[]string{"query", `{"author":"Jane Austen"}`}, 2},
		{[]string{"query", `{"year":{"$gte":1900}}`, "limit", "1", "skip", "1"}, 2},
		{[]string{"query", `{"title":{"$regex":"^Z"}}`}, 0},
	}
	for _, tt := range tests {
		if n, err := s.Count(ctx, mustParse(t, tt.params...)); err != nil || n != tt.want {
			t.Errorf("Count %v: %d %v, want %d", tt.params, n, err, tt.want)
		}
	}
	if n, err := s.DeleteWhere(ctx, mustParse(t, "query", `{"year":{"$lt":1900}}`, "limit", "1")); err != nil || n != 2 {
		t.Errorf("DeleteWhere: %d %v", n, err)
	}
	all, _ := s.Find(ctx, query.New())
	if want := []string{"1", "3"}; !reflect.DeepEqual(ids(all), want) {
		t.Errorf("left %v, want %v", ids(all), want)
	}
}

func TestStoreWrites(t *testing.T) {
	ctx := context.Background()
	s := NewStore(SampleBooks()...)

	added, err := s.Insert(ctx, Book{Title: "New"})
	if err != nil || len(added) != 1 || len(added[0].ID) != 24 {
		t.Fatalf("Insert: %+v %v", added, err)
	}
	if got, err := s.Get(ctx, added[0].ID); err != nil || got.Title != "New" {
		t.Errorf("Get: %+v %v", got, err)
	}
	// All or none: a taken id anywhere in the batch adds nothing.
	if _, err := s.Insert(ctx, Book{ID: "x", Title: "X"}, Book{ID: "1", Title: "Dup"}); !errors.Is(err, ErrExists) {
		t.Errorf("Insert of a taken id: %v", err)
	}
	if _, err := s.Insert(ctx, Book{ID: "y", Title: "Y"}, Book{ID: "y", Title: "Y again"}); !errors.Is(err, ErrExists) {
		t.Errorf("Insert of one id twice: %v", err)
	}
	if _, err := s.Get(ctx, "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("half a batch was added: %v", err)
	}
	if _, err := s.Update(ctx, Book{ID: "nope", Title: "T"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("Update of a missing book: %v", err)
	}
	if b, err := s.Update(ctx, Book{ID: "1", Title: "Dune Messiah"}); err != nil || b.Title != "Dune Messiah" {
		t.Errorf("Update: %+v %v", b, err)
	}
	if err := s.Delete(ctx, "1"); err != nil {
		t.Errorf("Delete: %v", err)
	}
	if err := s.Delete(ctx, "1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Delete twice: %v", err)
	}
	if n, err := s.DeleteWhere(ctx, mustParse(t, "query", `{"author":"Jane Austen"}`)); err != nil || n != 2 {
		t.Errorf("DeleteWhere: %d %v", n, err)
	}
	if n, _ := s.Count(ctx, query.New()); n != 2 {
		t.Errorf("Count after the deletes: %d", n)
	}
	all, _ := s.Find(ctx, query.New())
	if want := []string{"3", added[0].ID}; !reflect.DeepEqual(ids(all), want) {
		t.Errorf("left %v, want %v", ids(all), want)
	}
}

func TestStoreAuthenticate(t *testing.T) {
	ctx := context.Background()
	s := NewStore()
	s.AddUser("ann", "u-ann", "pw")
	if u, err := s.Authenticate(ctx, "ann", "pw"); err != nil || u != (User{Username: "ann", ID: "u-ann"}) {
		t.Errorf("Authenticate: %+v %v", u, err)
	}
	for _, c := range [][2]string{{"ann", "PW"}, {"ann", ""}, {"bob", "pw"}, {"", ""}} {
		if _, err := s.Authenticate(ctx, c[0], c[1]); !errors.Is(err, ErrBadCredentials) {
			t.Errorf("Authenticate(%q, %q): %v", c[0], c[1], err)
		}
	}
}

func TestNewStorePanicsOnDuplicateIDs(t *testing.T) {
	defer func() {
		if p := recover(); p == nil {
			t.Error("no panic")
		}
	}()
	NewStore(Book{ID: "1", Title: "A"}, Book{ID: "1", Title: "B"})
}

// The store is safe for concurrent use (run with -race).
func TestStoreConcurrent(t *testing.T) {
	ctx := context.Background()
	s := NewStore()
	s.AddUser("ann", "u", "pw")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 50 {
				id := fmt.Sprintf("%d-%d", i, j)
				if _, err := s.Insert(ctx, Book{ID: id, Title: "T", Year: j}); err != nil {
					t.Error(err)
					return
				}
				_, _ = s.Find(ctx, query.New().Ascending("year").Limit(5))
				_, _ = s.Count(ctx, query.New().EqualTo("year", j))
				_, _ = s.Update(ctx, Book{ID: id, Title: "U"})
				_, _ = s.Authenticate(ctx, "ann", "pw")
				if j%2 == 0 {
					_ = s.Delete(ctx, id)
				}
			}
		}()
	}
	wg.Wait()
	if n, _ := s.Count(ctx, query.New()); n != 8*25 {
		t.Errorf("%d books left, want %d", n, 8*25)
	}
}
