package bookstore

import (
	"context"

	"github.com/flexgo/flexgo/core/query"
)

// Storage is where the service keeps its books and users. [Store] keeps them in memory; any
// other implementation (a database, or Kinvey's own collections through core/backend) can be
// handed to [NewWithStore]. Implementations must be safe for concurrent use: Flex requests are
// served concurrently. Methods report ErrNotFound, ErrExists, ErrBadQuery and ErrBadCredentials
// as such (errors.Is); any other error is answered as a runtime error.
//
// Queries are core/query's (see [ParseQuery]), never nil; query.New() selects every book.
type Storage interface {
	// Find returns the books q selects, in its order, skipped and limited, with only the fields q
	// asks for (the others left zero, so that they are left out of the JSON); never nil.
	Find(ctx context.Context, q *query.Query) ([]Book, error)
	// Count returns how many books the filter of q selects (its sort, skip, limit and fields
	// do not apply).
	Count(ctx context.Context, q *query.Query) (int, error)
	// Get returns the book with the id.
	Get(ctx context.Context, id string) (Book, error)
	// Insert adds books, all or none, giving an _id to those without one, and returns them as
	// stored.
	Insert(ctx context.Context, books ...Book) ([]Book, error)
	// Update replaces the book with b's id.
	Update(ctx context.Context, b Book) (Book, error)
	// Delete removes the book with the id.
	Delete(ctx context.Context, id string) error
	// DeleteWhere removes the books the filter of q selects and returns how many.
	DeleteWhere(ctx context.Context, q *query.Query) (int, error)
	// Authenticate checks a user's password.
	Authenticate(ctx context.Context, username, password string) (User, error)
}
