package bookstore

import (
	"errors"

	"github.com/flexgo/flexgo/core"
)

// New returns the bookstore service over an in-memory [Store] holding [SampleBooks] and the demo
// account ([DemoUsername], [DemoPassword]). opts configure the core service (core.WithConfig,
// core.WithLogger).
func New(opts ...core.Option) *core.Service {
	store := NewStore(SampleBooks()...)
	store.AddUser(DemoUsername, "demo-user", DemoPassword)
	return NewWithStore(store, opts...)
}

// NewWithStore returns the bookstore service over store. It panics if store is nil.
func NewWithStore(store Storage, opts ...core.Option) *core.Service {
	if store == nil {
		panic("bookstore: NewWithStore: nil store")
	}
	return newService(func(*core.Task) Storage { return store }, opts...)
}

// handlers are the service's handlers; storage is the seam that gives each request its storage.
type handlers struct {
	storage func(t *core.Task) Storage
}

// newService registers every handler, in the order discovery lists them. storage is called once
// per request with the request's task: a Storage over Kinvey's collections (core/backend) needs
// the task's app credentials and user, which is why the seam takes the task.
func newService(storage func(t *core.Task) Storage, opts ...core.Option) *core.Service {
	svc := core.NewService(opts...)
	h := &handlers{storage: storage}
	h.registerBooks(svc.ServiceObject("books"))
	svc.Function("validateBook", core.TypedFunction(h.validateBook))
	svc.Function("redactBook", h.redactBook)
	svc.Function("stats", core.TypedFunction(h.stats))
	svc.Auth("login", core.TypedAuth(h.login))
	return svc
}

// fail answers a storage error with the builder method that says what went wrong. Errors the
// caller cannot act on are logged with the request id and answered without their text.
func fail(t *core.Task, c *core.Completion, err error) {
	switch {
	case errors.Is(err, ErrNotFound):
		c.NotFound(err.Error()).Done()
	case errors.Is(err, ErrExists), errors.Is(err, ErrBadQuery):
		c.BadRequest(err.Error()).Done()
	default:
		t.Logger().Error("the catalogue failed", "error", err.Error())
		c.RuntimeError("the catalogue is unavailable; see the service log under requestId " + t.RequestID).Done()
	}
}
