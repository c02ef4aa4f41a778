package flextest

import (
	"net/http"
	"net/url"
)

// The FlexData requests. serviceObject and id are plain text; they are escaped into the path.

func dataPath(serviceObject string, rest ...string) string {
	p := "/" + url.PathEscape(serviceObject)
	for _, s := range rest {
		p += "/" + url.PathEscape(s)
	}
	return p
}

// GetAll is GET /:serviceObject, the onGetAll event.
func GetAll(serviceObject string) Request {
	return newRequest(kindData, http.MethodGet, dataPath(serviceObject))
}

// GetByID is GET /:serviceObject/:id, the onGetById event.
func GetByID(serviceObject, id string) Request {
	return newRequest(kindData, http.MethodGet, dataPath(serviceObject, id))
}

// GetByQuery is GET /:serviceObject?query=<filter as JSON>, the onGetByQuery event. filter is a
// Mongo-style query such as map[string]any{"author": "Jane Austen"}; add sort, limit and skip with
// WithSort, WithLimit and WithSkip.
func GetByQuery(serviceObject string, filter any) Request {
	return GetAll(serviceObject).WithQuery(filter)
}

// GetCount is GET /:serviceObject/_count, the onGetCount event.
func GetCount(serviceObject string) Request {
	return newRequest(kindData, http.MethodGet, dataPath(serviceObject, "_count"))
}

// GetCountByQuery is GET /:serviceObject/_count?query=<filter as JSON>, the onGetCountByQuery
// event.
func GetCountByQuery(serviceObject string, filter any) Request {
	return GetCount(serviceObject).WithQuery(filter)
}

// Insert is POST /:serviceObject with an entity (any value that encodes as a JSON object), the
// onInsert event.
func Insert(serviceObject string, entity any) Request {
	return newRequest(kindData, http.MethodPost, dataPath(serviceObject)).WithBody(entity)
}

// InsertMany is POST /:serviceObject with a list of entities (a slice), the onInsertMany event.
func InsertMany(serviceObject string, entities any) Request {
	return Insert(serviceObject, entities)
}

// Update is PUT /:serviceObject/:id with an entity, the onUpdate event.
func Update(serviceObject, id string, entity any) Request {
	return newRequest(kindData, http.MethodPut, dataPath(serviceObject, id)).WithBody(entity)
}

// DeleteByID is DELETE /:serviceObject/:id, the onDeleteById event.
func DeleteByID(serviceObject, id string) Request {
	return newRequest(kindData, http.MethodDelete, dataPath(serviceObject, id))
}

// DeleteByQuery is DELETE /:serviceObject?query=<filter as JSON>, the onDeleteByQuery event.
func DeleteByQuery(serviceObject string, filter any) Request {
	return DeleteAll(serviceObject).WithQuery(filter)
}

// DeleteAll is DELETE /:serviceObject, the onDeleteAll event.
func DeleteAll(serviceObject string) Request {
	return newRequest(kindData, http.MethodDelete, dataPath(serviceObject))
}
