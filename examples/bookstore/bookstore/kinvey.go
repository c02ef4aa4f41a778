package bookstore

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/core/backend"
	"github.com/flexgo/flexgo/core/query"
)

// DefaultCatalogue is the Kinvey collection [NewOnKinvey] keeps the books in by default. It is not
// "books": a Kinvey collection backed by this very service would bring each call back here.
const DefaultCatalogue = "bookCatalogue"

// KinveyConfig says where [NewOnKinvey] keeps its books and who may log in.
type KinveyConfig struct {
	// Collection is the Kinvey collection of books; DefaultCatalogue when empty.
	Collection string
	// Accounts checks the passwords of the "login" handler: Kinvey's user store does not tell
	// passwords, so they are kept elsewhere (a [Store] with its users will do). Without it every
	// login is refused.
	Accounts Authenticator
	// HTTPClient makes the calls to Kinvey, shared by every request; backend.NewHTTPClient()'s
	// when nil.
	HTTPClient *http.Client
}

// Authenticator checks a user's password, as [Storage.Authenticate].
type Authenticator interface {
	Authenticate(ctx context.Context, username, password string) (User, error)
}

// NewOnKinvey returns the bookstore service over a collection of the Kinvey app it serves: each
// request reaches the collection with core/backend's dataStore, built from the request's task
// (the app key, the master secret and the backend URL Kinvey sends with every request). opts
// configure the core service.
func NewOnKinvey(cfg KinveyConfig, opts ...core.Option) *core.Service {
	if cfg.Collection == "" {
		cfg.Collection = DefaultCatalogue
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = backend.NewHTTPClient()
	}
	return newService(func(t *core.Task) Storage {
		bk := backend.New(t, backend.WithHTTPClient(hc))
		return &KinveyStorage{
			Books:    bk.DataStore(backend.StoreOptions{}).Collection(cfg.Collection),
			Accounts: cfg.Accounts,
		}
	}, opts...)
}

// KinveyStorage is a [Storage] over a Kinvey collection, for one request. Calls are made with
// the app's master secret and without business logic (the data store's defaults), so the
// collection's own hooks do not run again for what this service already checked.
type KinveyStorage struct {
	Books    *backend.Collection
	Accounts Authenticator
}

// Find implements [Storage]: Kinvey evaluates q, which is sent as the Node SDK sends a query
// (query, fields, limit, skip and sort parameters).
func (k *KinveyStorage) Find(ctx context.Context, q *query.Query) ([]Book, error) {
	books, err := backend.Decode[[]Book](k.Books.Find(ctx, q))
	if err != nil {
		return nil, queryErr(err)
	}
	if books == nil {
		books = []Book{}
	}
	return books, nil
}

// Count implements [Storage].
func (k *KinveyStorage) Count(ctx context.Context, q *query.Query) (int, error) {
	n, err := backend.Decode[Count](k.Books.Count(ctx, onlyFilter(q)))
	return n.Count, queryErr(err)
}

// Get implements [Storage].
func (k *KinveyStorage) Get(ctx context.Context, id string) (Book, error) {
	b, err := backend.Decode[Book](k.Books.FindByID(ctx, id))
	return b, kinveyErr(err)
}

// Insert implements [Storage]: one book is created on its own; several in one multi-insert (in
// batches of backend.SaveBatchSize), whose entity errors make the insert fail. Unlike [Store],
// Kinvey keeps the books of a multi-insert that it could insert.
func (k *KinveyStorage) Insert(ctx context.Context, books ...Book) ([]Book, error) {
	if len(books) == 1 {
		b, err := backend.Decode[Book](k.Books.Create(ctx, books[0]))
		if err != nil {
			return nil, kinveyErr(err)
		}
		return []Book{b}, nil
	}
	res, err := backend.Decode[struct {
		Entities []Book `json:"entities"`
		Errors   []struct {
			Index  int    `json:"index"`
			Code   int    `json:"code"`
			Errmsg string `json:"errmsg"`
		} `json:"errors"`
	}](k.Books.Create(ctx, books))
	if err != nil {
		return nil, kinveyErr(err)
	}
	if len(res.Errors) > 0 {
		e := res.Errors[0]
		cause := error(errors.New(e.Errmsg))
		if e.Code == 11000 { // Kinvey's duplicate key
			cause = ErrExists
		}
		return nil, fmt.Errorf("bookstore: Kinvey refused %d of %d books, the first at index %d: %w",
			len(res.Errors), len(books), e.Index, cause)
	}
	return res.Entities, nil
}

// Update implements [Storage]. Kinvey's PUT would create a missing book, so Update looks it up
// first.
func (k *KinveyStorage) Update(ctx context.Context, b Book) (Book, error) {
	if _, err := k.Get(ctx, b.ID); err != nil {
		return Book{}, err
	}
	saved, err := backend.Decode[Book](k.Books.Update(ctx, b))
	return saved, kinveyErr(err)
}

// Delete implements [Storage].
func (k *KinveyStorage) Delete(ctx context.Context, id string) error {
	n, err := backend.Decode[Count](k.Books.RemoveByID(ctx, id))
	if err != nil {
		return kinveyErr(err)
	}
	if n.Count == 0 {
		return ErrNotFound
	}
	return nil
}

// DeleteWhere implements [Storage].
func (k *KinveyStorage) DeleteWhere(ctx context.Context, q *query.Query) (int, error) {
	n, err := backend.Decode[Count](k.Books.Remove(ctx, onlyFilter(q)))
	return n.Count, queryErr(err)
}

// Authenticate implements [Storage] with the Accounts.
func (k *KinveyStorage) Authenticate(ctx context.Context, username, password string) (User, error) {
	if k.Accounts == nil {
		return User{}, ErrBadCredentials
	}
	return k.Accounts.Authenticate(ctx, username, password)
}

// kinveyErr says what a Kinvey error means for the catalogue: a missing entity is ErrNotFound, an
// existing one ErrExists; any other error stays as it is (and is answered as a runtime error).
func kinveyErr(err error) error {
	var be *backend.Error
	if !errors.As(err, &be) {
		return err
	}
	switch {
	case be.StatusCode == http.StatusNotFound:
		return fmt.Errorf("%w (%s)", ErrNotFound, be.Name)
	case be.StatusCode == http.StatusConflict || be.Name == "EntityAlreadyExists":
		return fmt.Errorf("%w (%s)", ErrExists, be.Name)
	}
	return err
}

// queryErr is kinveyErr for a call that carries a query: Kinvey's 400 (Bad Request) is the
// query's fault, ErrBadQuery with Kinvey's description.
func queryErr(err error) error {
	var be *backend.Error
	if errors.As(err, &be) && be.StatusCode == http.StatusBadRequest {
		return fmt.Errorf("%w: %s: %s", ErrBadQuery, be.Name, be.Description)
	}
	return kinveyErr(err)
}
