package bookstore

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"slices"
	"sync"
)

// Store is an in-memory [Storage], safe for concurrent use. The zero value is not usable; make
// one with [NewStore].
type Store struct {
	mu    sync.RWMutex
	books map[string]entry
	order []string // ids in insertion order: the order of an unsorted Find
	users map[string]account
}

// entry is a stored book and its JSON fields, kept for queries.
type entry struct {
	book   Book
	fields map[string]any
}

func newEntry(b Book) entry { return entry{book: b, fields: b.fields()} }

type account struct {
	id     string
	salt   []byte
	digest [sha256.Size]byte
}

// NewStore returns a store holding books (each must have a distinct _id, or none) and no users.
func NewStore(books ...Book) *Store {
	s := &Store{books: map[string]entry{}, users: map[string]account{}}
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

// Find implements [Storage].
func (s *Store) Find(_ context.Context, q Query) ([]Book, error) {
	s.mu.RLock()
	var found []entry
	for _, id := range s.order {
		if e := s.books[id]; q.Filter.matchFields(e.fields) {
			found = append(found, e)
		}
	}
	s.mu.RUnlock()
	if len(q.Sort) > 0 {
		slices.SortStableFunc(found, func(a, b entry) int { return compareEntries(q.Sort, a, b) })
	}
	if q.Skip >= len(found) {
		return []Book{}, nil
	}
	found = found[q.Skip:]
	if q.Limit > 0 && q.Limit < len(found) {
		found = found[:q.Limit]
	}
	out := make([]Book, len(found))
	for i, e := range found {
		out[i] = e.book
	}
	return out, nil
}

func compareEntries(keys []SortKey, a, b entry) int {
	for _, k := range keys {
		c := compareField(a.fields[k.Field], b.fields[k.Field])
		if k.Descending {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return cmp.Compare(a.book.ID, b.book.ID)
}

// Count implements [Storage].
func (s *Store) Count(_ context.Context, f Filter) (int, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n := 0
	for _, e := range s.books {
		if f.matchFields(e.fields) {
			n++
		}
	}
	return n, nil
}

// Get implements [Storage].
func (s *Store) Get(_ context.Context, id string) (Book, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, ok := s.books[id]
	if !ok {
		return Book{}, ErrNotFound
	}
	return e.book, nil
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
		s.books[b.ID] = newEntry(b)
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
	s.books[b.ID] = newEntry(b)
	return b, nil
}

// Delete implements [Storage].
func (s *Store) Delete(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.books[id]; !ok {
		return ErrNotFound
	}
	s.remove(func(e entry) bool { return e.book.ID == id })
	return nil
}

// DeleteWhere implements [Storage].
func (s *Store) DeleteWhere(_ context.Context, f Filter) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.remove(func(e entry) bool { return f.matchFields(e.fields) }), nil
}

// remove deletes the books match selects; s.mu is held.
func (s *Store) remove(match func(entry) bool) int {
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
