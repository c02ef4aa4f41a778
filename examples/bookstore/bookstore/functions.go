package bookstore

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/core/query"
)

// validateBook is a pre hook for inserts and updates of a Kinvey collection of books: it rejects
// a book without a title (400, the request stops) and otherwise hands Kinvey the book with its
// title trimmed and stamped with the user who sent it. Other methods go on untouched.
func (h *handlers) validateBook(_ context.Context, fc *core.FunctionContext, b Book, c *core.Reply[Book]) {
	if fc.Method != http.MethodPost && fc.Method != http.MethodPut {
		c.Next()
		return
	}
	if err := b.Validate(); err != nil {
		c.BadRequest(err.Error()).Done()
		return
	}
	b.Title = strings.TrimSpace(b.Title)
	b.AddedBy = fc.RequestContext().AuthenticatedUsername()
	fc.TempObjectStore().Set("validatedBy", "validateBook")
	fc.Logger().Info("book validated", "title", b.Title, "user", b.AddedBy)
	c.SetBody(b).Next()
}

// redactBook is a post hook for reads of a Kinvey collection of books: it removes the addedBy
// stamp from the book or books Kinvey is about to answer. It is an untyped handler, because the
// body is either one book or a list; it keeps every other field as Kinvey sent it.
func (h *handlers) redactBook(_ context.Context, fc *core.FunctionContext, c *core.Completion) {
	var list []map[string]json.RawMessage
	if err := json.Unmarshal(fc.Body, &list); err == nil {
		for _, b := range list {
			delete(b, "addedBy")
		}
		c.SetBody(list).Next()
		return
	}
	var one map[string]json.RawMessage
	if err := json.Unmarshal(fc.Body, &one); err == nil && one != nil {
		delete(one, "addedBy")
		c.SetBody(one).Next()
		return
	}
	c.Next() // not a book: Kinvey's answer goes out as it is
}

// Stats is the answer of the stats endpoint.
type Stats struct {
	Books   int `json:"books"`
	Authors int `json:"authors"`
	// Oldest is the earliest year of publication known, 0 when none is.
	Oldest int `json:"oldest"`
}

// stats is a custom endpoint: figures about the catalogue.
func (h *handlers) stats(ctx context.Context, fc *core.FunctionContext, _ core.NoBody, c *core.Reply[Stats]) {
	books, err := h.storage(fc.Task).Find(ctx, query.New())
	if err != nil {
		fail(fc.Task, c.Completion, err)
		return
	}
	authors := map[string]bool{}
	var s Stats
	for _, b := range books {
		s.Books++
		if b.Author != "" {
			authors[b.Author] = true
		}
		if b.Year > 0 && (s.Oldest == 0 || b.Year < s.Oldest) {
			s.Oldest = b.Year
		}
	}
	s.Authors = len(authors)
	c.SetBody(s).OK().Done()
}
