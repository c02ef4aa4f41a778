package backend

import (
	"context"
	"encoding/json"

	"github.com/flexgo/flexgo/internal/js"
)

// SaveBatchSize is how many entities one request of a save carries: an array of more is sent in
// batches of this size, one after the other, as the Node SDK does.
const SaveBatchSize = 100

// DataStore is the dataStore module: it reaches the collections of the app (the appdata routes)
// with its [StoreOptions].
type DataStore struct{ s store }

// DataStore returns the dataStore module with opts.
func (c *Client) DataStore(opts StoreOptions) *DataStore {
	return &DataStore{store{c: c, opts: opts}}
}

// Collection returns the collection named name.
func (d *DataStore) Collection(name string) *Collection {
	return &Collection{s: d.s, name: name}
}

// Collection is a collection of the app's data store: dataStore().collection(name).
//
// Entities and bodies are any value encoding/json encodes (a struct, a map, a json.RawMessage
// taken as JSON text); they are tested as the Node SDK tests the JavaScript value: nil, and JSON
// null, false, 0 and "", are missing.
//
// A call that the Node SDK refuses to make — an argument missing, or the same collection as the
// task's with UseBL or UseUserContext, which would run this handler again — returns an *[Error]
// named "DataStoreError" without calling.
type Collection struct {
	s    store
	name string
}

// Name returns the collection's name.
func (c *Collection) Name() string { return c.name }

func (c *Collection) request(method, path string) request {
	return c.s.request(method, "appdata", &c.name, path, authDefault)
}

func (c *Collection) send(ctx context.Context, r request) (json.RawMessage, error) {
	return c.s.send(ctx, r, c.s.recursive(c.name), recursionError())
}

func recursionError() *Error {
	return clientError("DataStoreError", "Not Allowed",
		"Recursive data operations to the same collection cannot use user context or use BL.")
}

// Save saves an entity, as the Node SDK 3.3.0 does: an object with an _id is PUT to that id, any
// other value (an object without _id, an array of entities) POSTed to the collection. An array of
// more than [SaveBatchSize] entities is POSTed in batches, one after the other; the result is
// then {"entities": [...], "errors": [...]} over all the batches, each error's index made
// absolute (batch number × SaveBatchSize + index), and the first batch that fails ends the save
// with its error.
func (c *Collection) Save(ctx context.Context, entity any) (json.RawMessage, error) {
	raw, err := entityArg(entity, "DataStoreError", "entity is required")
	if err != nil {
		return nil, err
	}
	isArray := js.Kind(raw) == '['
	if id := js.Field(raw, "_id"); !isArray && js.RawTruthy(id) {
		return c.send(ctx, withBody(c.request("PUT", js.String(id)), raw))
	}
	return c.insert(ctx, raw, isArray)
}

// Create inserts an entity, or an array of entities, with a POST whatever their _id (the
// dataStore.create of SDK 3.4 and later); an array of more than [SaveBatchSize] entities goes in
// batches, as with Save. Save keeps 3.3.0's behavior: it PUTs an entity with an _id, and takes
// arrays too (3.4 refuses them).
func (c *Collection) Create(ctx context.Context, entity any) (json.RawMessage, error) {
	raw, err := entityArg(entity, "DataStoreError", "entity is required")
	if err != nil {
		return nil, err
	}
	return c.insert(ctx, raw, js.Kind(raw) == '[')
}

func (c *Collection) insert(ctx context.Context, raw json.RawMessage, isArray bool) (json.RawMessage, error) {
	r := c.request("POST", "")
	if isArray {
		var elems []json.RawMessage
		if js.Elements(raw, func(v json.RawMessage) { elems = append(elems, v) }) &&
			len(elems) > SaveBatchSize {
			if c.s.recursive(c.name) {
				return nil, recursionError()
			}
			return c.s.c.saveBatches(ctx, r, elems)
		}
	}
	return c.send(ctx, withBody(r, raw))
}

// Update replaces the entity with the entity's _id, with a PUT: the update that SDK 3.4 and
// later's save makes for an entity with an _id (the SDK does not export it). An entity without a
// truthy _id, which that save would create instead, is refused: DataStoreError, "Bad Request",
// "entity._id is required".
func (c *Collection) Update(ctx context.Context, entity any) (json.RawMessage, error) {
	raw, err := entityArg(entity, "DataStoreError", "entity is required")
	if err != nil {
		return nil, err
	}
	id := js.Field(raw, "_id")
	if !js.RawTruthy(id) {
		return nil, clientError("DataStoreError", "Bad Request", "entity._id is required")
	}
	return c.send(ctx, withBody(c.request("PUT", js.String(id)), raw))
}

// FindByID returns the entity with the id.
func (c *Collection) FindByID(ctx context.Context, id string) (json.RawMessage, error) {
	if id == "" {
		return nil, clientError("DataStoreError", "Bad Request", "entityId is required")
	}
	return c.send(ctx, c.request("GET", id))
}

// Find returns the entities q selects, all of them when q is nil.
func (c *Collection) Find(ctx context.Context, q Query) (json.RawMessage, error) {
	return c.send(ctx, withQuery(c.request("GET", ""), q))
}

// RemoveByID removes the entity with the id.
func (c *Collection) RemoveByID(ctx context.Context, id string) (json.RawMessage, error) {
	if id == "" {
		return nil, clientError("DataStoreError", "Bad Request", "entityId is required")
	}
	return c.send(ctx, c.request("DELETE", id))
}

// Remove removes the entities q selects: all of them when q is nil, as in Node.
func (c *Collection) Remove(ctx context.Context, q Query) (json.RawMessage, error) {
	return c.send(ctx, withQuery(c.request("DELETE", ""), q))
}

// Count returns {"count": n}, the number of entities q selects (all when q is nil).
func (c *Collection) Count(ctx context.Context, q Query) (json.RawMessage, error) {
	return c.send(ctx, withQuery(c.request("GET", "_count/"), q))
}
