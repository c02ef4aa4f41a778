package bookstore

import "strings"

// Book is an entity of the "books" service object. Every field is left out of its JSON when
// zero, so that a book of which a query asked only some fields answers only those.
type Book struct {
	// ID is the entity's _id; the store assigns one when it is empty.
	ID     string `json:"_id,omitempty"`
	Title  string `json:"title,omitempty"`
	Author string `json:"author,omitempty"`
	Year   int    `json:"year,omitempty"`
	// AddedBy is stamped by the validateBook hook with the Kinvey user who added the book.
	AddedBy string `json:"addedBy,omitempty"`
}

// Validate reports what makes b unfit for the catalogue, or nil.
func (b Book) Validate() error {
	if strings.TrimSpace(b.Title) == "" {
		return errNoTitle
	}
	if b.Year < 0 {
		return errBadYear
	}
	return nil
}

// User is an account that may log in through the "login" FlexAuth handler.
type User struct {
	Username string
	// ID is the user's id, answered in the token.
	ID string
}
