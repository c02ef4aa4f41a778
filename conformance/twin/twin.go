// Package twin is the twin service of shared/TWIN.md on flexgo's core: the same Flex service as
// conformance/reference/service.js on the Node SDK, so that both can be sent the same requests
// and their answers compared. The mains under cmd/ serve it on each adapter.
package twin

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/flexgo/flexgo/core"
)

// New returns the twin service, registered in the order TWIN.md gives.
func New(opts ...core.Option) *core.Service {
	svc := core.NewService(opts...)
	registerBooks(svc.ServiceObject("books"))
	registerOutcomes(svc.ServiceObject("outcomes"))
	registerFunctions(svc)
	registerAuth(svc)
	return svc
}

type object = map[string]any

func registerBooks(books *core.ServiceObject) {
	books.OnGetAll(func(_ context.Context, _ *core.DataRequest, c *core.Completion) {
		c.SetBody([]object{{"_id": "1", "title": "Dune"}, {"_id": "2", "title": "Emma"}}).OK().Next()
	})
	books.OnGetByID(func(_ context.Context, r *core.DataRequest, c *core.Completion) {
		switch r.EntityID {
		case "missing":
			c.SetBody("no such book").NotFound().Next()
		case "bad":
			c.BadRequest(object{"reason": "bad id"}).Next()
		default:
			var query any // JSON null when absent
			if r.Query != nil {
				query = r.Query
			}
			c.SetBody(object{"_id": r.EntityID, "title": "Book " + r.EntityID, "query": query}).OK().Next()
		}
	})
	books.OnGetByQuery(func(_ context.Context, r *core.DataRequest, c *core.Completion) {
		c.SetBody(object{"query": r.Query}).OK().Next()
	})
	books.OnGetCount(func(_ context.Context, _ *core.DataRequest, c *core.Completion) {
		c.SetBody(object{"count": 2}).OK().Next()
	})
	books.OnGetCountByQuery(func(_ context.Context, r *core.DataRequest, c *core.Completion) {
		c.SetBody(object{"count": 1, "query": r.Query}).OK().Done()
	})
	books.OnInsert(func(_ context.Context, r *core.DataRequest, c *core.Completion) {
		c.SetBody(assign(object{"_id": "new"}, r.Body)).Created().Next()
	})
	books.OnInsertMany(func(_ context.Context, r *core.DataRequest, c *core.Completion) {
		var items []json.RawMessage
		if err := r.Decode(&items); err != nil {
			c.BadRequest(err).Next()
			return
		}
		out := make([]object, len(items))
		for i, item := range items {
			out[i] = assign(object{"_id": fmt.Sprintf("new-%d", i)}, item)
		}
		c.SetBody(out).Created().Next()
	})
	books.OnUpdate(func(_ context.Context, r *core.DataRequest, c *core.Completion) {
		body := assign(object{}, r.Body)
		body["_id"] = r.EntityID
		c.SetBody(body).OK().Next()
	})
	books.OnDeleteByID(func(_ context.Context, _ *core.DataRequest, c *core.Completion) {
		c.SetBody(object{"count": 1}).OK().Next()
	})
	books.OnDeleteByQuery(func(_ context.Context, r *core.DataRequest, c *core.Completion) {
		c.SetBody(object{"count": 2, "query": r.Query}).OK().Next()
	})
	// onDeleteAll is deliberately not registered: the SDK's 501 answers it.
}

func registerOutcomes(outcomes *core.ServiceObject) {
	outcomes.OnGetByID(func(_ context.Context, r *core.DataRequest, c *core.Completion) {
		if r.EntityID == "empty" { // complete().done(): no body at all
			c.Done()
			return
		}
		c.SetBody(object{"detail": "outcome " + r.EntityID})
		switch r.EntityID {
		case "ok":
			c.OK().Next()
		case "created":
			c.Created().Next()
		case "accepted":
			c.Accepted().Done()
		case "notFound":
			c.NotFound().Next()
		case "notFoundDebug":
			c.NotFound("gone").Next()
		case "badRequest":
			c.BadRequest("bad").Next()
		case "unauthorized":
			c.Unauthorized("who").Next()
		case "forbidden":
			c.Forbidden("no").Next()
		case "notAllowed":
			c.NotAllowed("nope").Next()
		case "notImplemented":
			c.NotImplemented("later").Next()
		case "runtimeError":
			c.RuntimeError("broke").Next()
		default:
			c.OK().Done()
		}
	})
}
