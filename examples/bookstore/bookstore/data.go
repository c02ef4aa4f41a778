package bookstore

import (
	"context"

	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/core/query"
)

// Count is the answer of the count and delete events.
type Count struct {
	Count int `json:"count"`
}

func (h *handlers) registerBooks(books *core.ServiceObject) {
	books.
		OnInsert(core.Typed(h.insert)).
		OnInsertMany(core.Typed(h.insertMany)).
		OnGetByID(core.Typed(h.getByID)).
		OnGetByQuery(core.Typed(h.getByQuery)).
		OnGetAll(core.Typed(h.getAll)).
		OnGetCount(core.Typed(h.count)).
		OnGetCountByQuery(core.Typed(h.count)).
		OnUpdate(core.Typed(h.update)).
		OnDeleteByID(core.Typed(h.deleteByID)).
		OnDeleteByQuery(core.Typed(h.deleteByQuery)).
		OnDeleteAll(core.Typed(h.deleteAll))
}

// insert: POST /books with a book.
func (h *handlers) insert(ctx context.Context, req *core.DataRequest, b Book, c *core.Reply[Book]) {
	if err := b.Validate(); err != nil {
		c.BadRequest(err.Error()).Done()
		return
	}
	saved, err := h.storage(req.Task).Insert(ctx, b)
	if err != nil {
		fail(req.Task, c.Completion, err)
		return
	}
	req.Logger().Info("book added", "id", saved[0].ID)
	c.SetBody(saved[0]).Created().Next()
}

// insertMany: POST /books with an array of books, all added or none.
func (h *handlers) insertMany(ctx context.Context, req *core.DataRequest, books []Book, c *core.Reply[[]Book]) {
	for i, b := range books {
		if err := b.Validate(); err != nil {
			c.BadRequest(map[string]any{"index": i, "reason": err.Error()}).Done()
			return
		}
	}
	saved, err := h.storage(req.Task).Insert(ctx, books...)
	if err != nil {
		fail(req.Task, c.Completion, err)
		return
	}
	req.Logger().Info("books added", "count", len(saved))
	c.SetBody(saved).Created().Next()
}

// getByID: GET /books/:id.
func (h *handlers) getByID(ctx context.Context, req *core.DataRequest, _ core.NoBody, c *core.Reply[Book]) {
	b, err := h.storage(req.Task).Get(ctx, req.EntityID)
	if err != nil {
		fail(req.Task, c.Completion, err)
		return
	}
	c.SetBody(b).OK().Next()
}

// getByQuery: GET /books?query={...}&sort={...}&skip=n&limit=n&fields=a,b (see ParseQuery).
func (h *handlers) getByQuery(ctx context.Context, req *core.DataRequest, _ core.NoBody, c *core.Reply[[]Book]) {
	q, err := ParseQuery(req.Query)
	if err != nil {
		c.BadRequest(err.Error()).Done()
		return
	}
	books, err := h.storage(req.Task).Find(ctx, q)
	if err != nil {
		fail(req.Task, c.Completion, err)
		return
	}
	c.SetBody(books).OK().Next()
}

// getAll: GET /books.
func (h *handlers) getAll(ctx context.Context, req *core.DataRequest, _ core.NoBody, c *core.Reply[[]Book]) {
	books, err := h.storage(req.Task).Find(ctx, query.New())
	if err != nil {
		fail(req.Task, c.Completion, err)
		return
	}
	c.SetBody(books).OK().Next()
}

// count: GET /books/_count, with or without a query.
func (h *handlers) count(ctx context.Context, req *core.DataRequest, _ core.NoBody, c *core.Reply[Count]) {
	q, err := ParseFilter(req.Query)
	if err != nil {
		c.BadRequest(err.Error()).Done()
		return
	}
	n, err := h.storage(req.Task).Count(ctx, q)
	if err != nil {
		fail(req.Task, c.Completion, err)
		return
	}
	c.SetBody(Count{n}).OK().Next()
}

// update: PUT /books/:id replaces the book; the path's id wins over the body's.
func (h *handlers) update(ctx context.Context, req *core.DataRequest, b Book, c *core.Reply[Book]) {
	if err := b.Validate(); err != nil {
		c.BadRequest(err.Error()).Done()
		return
	}
	b.ID = req.EntityID
	saved, err := h.storage(req.Task).Update(ctx, b)
	if err != nil {
		fail(req.Task, c.Completion, err)
		return
	}
	req.Logger().Info("book updated", "id", saved.ID)
	c.SetBody(saved).OK().Next()
}

// deleteByID: DELETE /books/:id.
func (h *handlers) deleteByID(ctx context.Context, req *core.DataRequest, _ core.NoBody, c *core.Reply[Count]) {
	if err := h.storage(req.Task).Delete(ctx, req.EntityID); err != nil {
		fail(req.Task, c.Completion, err)
		return
	}
	req.Logger().Info("book deleted", "id", req.EntityID)
	c.SetBody(Count{1}).OK().Next()
}

// deleteByQuery: DELETE /books?query={...}. A query without a filter is a delete-all and needs
// what deleteAll needs.
func (h *handlers) deleteByQuery(ctx context.Context, req *core.DataRequest, _ core.NoBody, c *core.Reply[Count]) {
	q, err := ParseFilter(req.Query)
	if err != nil {
		c.BadRequest(err.Error()).Done()
		return
	}
	if len(q.PlainObject().Filter) == 0 && !isMaster(req.Task) {
		c.Forbidden("deleting every book needs the master secret").Done()
		return
	}
	n, err := h.storage(req.Task).DeleteWhere(ctx, q)
	if err != nil {
		fail(req.Task, c.Completion, err)
		return
	}
	req.Logger().Info("books deleted", "count", n)
	c.SetBody(Count{n}).OK().Next()
}

// deleteAll: DELETE /books, only for requests made with the app's master secret.
func (h *handlers) deleteAll(ctx context.Context, req *core.DataRequest, _ core.NoBody, c *core.Reply[Count]) {
	if !isMaster(req.Task) {
		c.Forbidden("deleting every book needs the master secret").Done()
		return
	}
	n, err := h.storage(req.Task).DeleteWhere(ctx, query.New())
	if err != nil {
		fail(req.Task, c.Completion, err)
		return
	}
	req.Logger().Warn("every book deleted", "count", n)
	c.SetBody(Count{n}).OK().Next()
}

// isMaster reports whether the client's request carried the app's master secret.
func isMaster(t *core.Task) bool {
	return t.RequestContext().SecurityContext() == core.SecurityMaster
}
