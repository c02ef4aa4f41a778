package bookstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/flexgo/flexgo/core/query"
)

// Store is an in-memory [Storage], safe for concurrent use. The zero value is not usable; make
// one with [NewStore].
type Store struct {
	mu    sync.RWMutex
	books map[string]Book
	order []string // ids in insertion order: the order of an unsorted Find
	users map[string]account
}

type account struct {
	id     string
	salt   []byte
	digest [sha256.Size]byte
}

// NewStore returns a store holding books (each must have a distinct _id, or none) and no users.
func NewStore(books ...Book) *Store {
	s := &Store{books: map[string]Book{}, users: map[string]account{}}
	if _, err := s.Insert(context.Background(), books...); err != nil {
		panic("bookstore: NewStore: " + err.Error())
	}
	return s
}

// SampleBooks are the books [New] starts with.
func SampleBooks() []Book {
	return []Book{
		{ID: "1", Title: "Dune", Author: "Frank Herbert", Year: 1965},
		{ID: "2", Title: "Emma", Author: "Jane Austen", Year: 1815},
		{ID: "3", Title: "Neuromancer", Author: "William Gibson", Year: 1984},
		{ID: "4", Title: "Persuasion", Author: "Jane Austen", Year: 1817},
	}
}

// Demo account of [New], for trying the login handler locally. A real service keeps its users
// elsewhere.
const (
	DemoUsername = "demo"
	DemoPassword = "demo-password"
)

// AddUser adds (or replaces) a user who may log in with password. Passwords are kept as salted
// SHA-256 digests and compared in constant time; a service holding real passwords would use a
// key-derivation function such as argon2id (golang.org/x/crypto/argon2).
func (s *Store) AddUser(username, id, password string) {
	salt := make([]byte, 16)
	_, _ = rand.Read(salt) // crypto/rand.Read never fails (Go 1.24+)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[username] = account{id: id, salt: salt, digest: digest(salt, password)}
}

func digest(salt []byte, password string) [sha256.Size]byte {
	return sha256.Sum256(append(append([]byte{}, salt...), password...))
}

// Authenticate implements [Storage].
func (s *Store) Authenticate(_ context.Context, username, password string) (User, error) {
	s.mu.RLock()
	acc, ok := s.users[username]
	s.mu.RUnlock()
	if !ok {
		// Spend the same work as for a known user, so timing does not tell which names exist.
		acc = account{salt: make([]byte, 16)}
	}
	got := digest(acc.salt, password)
	if subtle.ConstantTimeCompare(got[:], acc.digest[:]) != 1 || !ok {
		return User{}, ErrBadCredentials
	}
	return User{Username: username, ID: acc.id}, nil
}

// Find implements [Storage]. q is evaluated by core/query's Process, as the Node SDK's
// query.process evaluates it, with one difference: Node's process lets the last sort field on
// which two books differ decide their order, where Kinvey (MongoDB) lets the first decide. So a
// sort on several fields is done one field at a time, from the last to the first; each pass is
// stable, which leaves the first field deciding.
func (s *Store) Find(_ context.Context, q *query.Query) ([]Book, error) {
	s.mu.RLock()
	docs := s.docs()
	s.mu.RUnlock()
	if p := q.PlainObject(); len(p.Sort) > 1 {
		for i := len(p.Sort) - 1; i >= 0; i-- {
			var err error
			if docs, err = query.FromOptions(query.Options{Sort: p.Sort[i : i+1]}).Process(docs); err != nil {
				return nil, badQuery(err)
			}
		}
		q = query.FromOptions(query.Options{Filter: p.Filter, Fields: p.Fields, Skip: p.Skip, Limit: p.Limit})
	}
	docs, err := q.Process(docs)
	if err != nil {
		return nil, badQuery(err)
	}
	out := make([]Book, len(docs))
	for i, d := range docs {
		if out[i], err = bookOf(d); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// docs returns every book, in insertion order, as Process takes them; s.mu is held.
func (s *Store) docs() []any {
	docs := make([]any, len(s.order))
	for i, id := range s.order {
		docs[i] = s.books[id]
	}
	return docs
}

// selected returns the ids of the books q's filter selects; s.mu is held.
func (s *Store) selected(q *query.Query) (map[string]bool, error) {
	docs, err := onlyFilter(q).Process(s.docs())
	if err != nil {
		return nil, badQuery(err)
	}
	ids := make(map[string]bool, len(docs))
	for _, d := range docs {
		ids[d.(Book).ID] = true // no field was removed: Process answers the books themselves
	}
	return ids, nil
}

// badQuery is a query that core/query cannot evaluate (an unknown operator, an invalid regular
// expression, one Go cannot run), reported as ErrBadQuery with core/query's explanation.
func badQuery(err error) error {
	return fmt.Errorf("%w: %v", ErrBadQuery, err)
}

// bookOf is a book as Process answers it: the Book itself, or, when fields were removed, a map
// of those it kept.
func bookOf(d any) (Book, error) {
	if b, ok := d.(Book); ok {
		return b, nil
	}
	var b Book
	raw, err := json.Marshal(d)
	if err == nil {
		err = json.Unmarshal(raw, &b)
	}
	return b, err
}

// Count implements [Storage].
func (s *Store) Count(_ context.Context, q *query.Query) (int, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ids, err := s.selected(q)
	return len(ids), err
}

// Get implements [Storage].
func (s *Store) Get(_ context.Context, id string) (Book, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, ok := s.books[id]
	if !ok {
		return Book{}, ErrNotFound
	}
	return b, nil
}

// Insert implements [Storage].
func (s *Store) Insert(_ context.Context, books ...Book) ([]Book, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Book, len(books))
	seen := map[string]bool{}
	for i, b := range books {
		if b.ID == "" {
			b.ID = newID()
		}
		if _, taken := s.books[b.ID]; taken || seen[b.ID] {
			return nil, ErrExists
		}
		seen[b.ID] = true
		out[i] = b
	}
	for _, b := range out {
		s.books[b.ID] = b
		s.order = append(s.order, b.ID)
	}
	return out, nil
}

// Update implements [Storage].
func (s *Store) Update(_ context.Context, b Book) (Book, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.books[b.ID]; !ok {
		return Book{}, ErrNotFound
	}
	s.books[b.ID] = b
	return b, nil
}

// Delete implements [Storage].
func (s *Store) Delete(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.books[id]; !ok {
		return ErrNotFound
	}
	s.remove(func(b Book) bool { return b.ID == id })
	return nil
}

// DeleteWhere implements [Storage].
func (s *Store) DeleteWhere(_ context.Context, q *query.Query) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids, err := s.selected(q)
	if err != nil {
		return 0, err
	}
	return s.remove(func(b Book) bool { return ids[b.ID] }), nil
}

// remove deletes the books match selects; s.mu is held.
func (s *Store) remove(match func(Book) bool) int {
	n := 0
	kept := s.order[:0]
	for _, id := range s.order {
		if match(s.books[id]) {
			delete(s.books, id)
			n++
			continue
		}
		kept = append(kept, id)
	}
	s.order = kept
	return n
}

// newID returns a Kinvey-style id: 24 hexadecimal digits, as an ObjectId's.
func newID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
