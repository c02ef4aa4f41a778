package bookstore

import "errors"

// The errors a Storage reports; the handlers answer each with its builder method.
var (
	// ErrNotFound: no book has the id.
	ErrNotFound = errors.New("bookstore: no such book")
	// ErrExists: a book with the id is already in the catalogue.
	ErrExists = errors.New("bookstore: a book with this _id exists")
	// ErrBadCredentials: the username or the password is wrong.
	ErrBadCredentials = errors.New("bookstore: bad credentials")
	// ErrBadQuery: the query cannot be understood (see ParseQuery) or evaluated.
	ErrBadQuery = errors.New("bookstore: bad query")
)

var (
	errNoTitle = errors.New("a book needs a title")
	errBadYear = errors.New("a book's year cannot be negative")
)
