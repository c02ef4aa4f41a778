package bookstore

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
)

func ids(books []Book) []string {
	out := []string{}
	for _, b := range books {
		out = append(out, b.ID)
	}
	return out
}

func TestStoreFind(t *testing.T) {
	s := NewStore(SampleBooks()...)
	ctx := context.Background()
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"all, in insertion order", Query{}, []string{"1", "2", "3", "4"}},
		{"equality", Query{Filter: Filter{"author": "Jane Austen"}}, []string{"2", "4"}},
		{"sort by year", Query{Sort: []SortKey{{Field: "year"}}}, []string{"2", "4", "1", "3"}},
		{"sort descending", Query{Sort: []SortKey{{Field: "title", Descending: true}}}, []string{"4", "3", "2", "1"}},
		{"sort by two keys", Query{Sort: []SortKey{{Field: "author"}, {Field: "year", Descending: true}}}, []string{"1", "4", "2", "3"}},
		{"skip and limit", Query{Sort: []SortKey{{Field: "year"}}, Skip: 1, Limit: 2}, []string{"4", "1"}},
		{"skip past the end", Query{Skip: 10}, []string{}},
		{"no match", Query{Filter: Filter{"year": 2000.0}}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Find(ctx, tt.q)
			if err != nil || got == nil || !reflect.DeepEqual(ids(got), tt.want) {
				t.Errorf("Find: %v %v, want %v", ids(got), err, tt.want)
			}
		})
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
	if n, err := s.DeleteWhere(ctx, Filter{"author": "Jane Austen"}); err != nil || n != 2 {
		t.Errorf("DeleteWhere: %d %v", n, err)
	}
	if n, _ := s.Count(ctx, Filter{}); n != 2 {
		t.Errorf("Count after the deletes: %d", n)
	}
	all, _ := s.Find(ctx, Query{})
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
				_, _ = s.Find(ctx, Query{Sort: []SortKey{{Field: "year"}}, Limit: 5})
				_, _ = s.Count(ctx, Filter{"year": float64(j)})
				_, _ = s.Update(ctx, Book{ID: id, Title: "U"})
				_, _ = s.Authenticate(ctx, "ann", "pw")
				if j%2 == 0 {
					_ = s.Delete(ctx, id)
				}
			}
		}()
	}
	wg.Wait()
	if n, _ := s.Count(ctx, Filter{}); n != 8*25 {
		t.Errorf("%d books left, want %d", n, 8*25)
	}
}
