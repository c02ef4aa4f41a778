package core

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/flexgo/flexgo/internal/express"
	"github.com/flexgo/flexgo/internal/js"
)

// Event is a FlexData event a service object handles.
type Event string

// The FlexData events, named as the Node SDK names them.
const (
	EventInsert          Event = "onInsert"
	EventInsertMany      Event = "onInsertMany"
	EventUpdate          Event = "onUpdate"
	EventDeleteByID      Event = "onDeleteById"
	EventDeleteByQuery   Event = "onDeleteByQuery"
	EventDeleteAll       Event = "onDeleteAll"
	EventGetByID         Event = "onGetById"
	EventGetByQuery      Event = "onGetByQuery"
	EventGetAll          Event = "onGetAll"
	EventGetCount        Event = "onGetCount"
	EventGetCountByQuery Event = "onGetCountByQuery"
)

func (e Event) valid() bool {
	switch e {
	case EventInsert, EventInsertMany, EventUpdate, EventDeleteByID, EventDeleteByQuery, EventDeleteAll,
		EventGetByID, EventGetByQuery, EventGetAll, EventGetCount, EventGetCountByQuery:
		return true
	}
	return false
}

// DataHandler handles a FlexData event.
type DataHandler func(ctx context.Context, req *DataRequest, c *Completion)

// DataRequest is the request a FlexData handler receives: the Node SDK's `request`.
type DataRequest struct {
	*Task
	// Method is the HTTP method (GET, POST, PUT, DELETE).
	Method string
	// ServiceObjectName is the service object's name.
	ServiceObjectName string
	// EntityID is the entity's id from the path ("" when the route has none; see HasEntityID).
	EntityID    string
	HasEntityID bool
	// Event is the event the request is (as the Node SDK tells them apart).
	Event Event
	// Query is the query string decoded as Express decodes it (strings, arrays and objects of
	// them); nil when the request has none. Kinvey puts its Mongo-style query, as JSON text, in
	// Query["query"], and sort, limit, skip and fields beside it.
	Query map[string]any
	// Body is the JSON body of an insert or update; nil for other events.
	Body json.RawMessage
	// Headers are the client's original request headers as Kinvey sent them (a JSON object).
	Headers json.RawMessage
}

// Decode decodes the request body into v.
func (r *DataRequest) Decode(v any) error {
	if r.Body == nil {
		return fmt.Errorf("core: %s %s has no body", r.Method, r.ServiceObjectName)
	}
	return json.Unmarshal(r.Body, v)
}

// QueryValue returns a query string parameter as a string ("" when absent or not a string).
func (r *DataRequest) QueryValue(name string) string {
	s, _ := r.Query[name].(string)
	return s
}

// ServiceObject is a FlexData service object: a handler per event. Obtain one from
// [Service.ServiceObject]. Events without a handler answer 501 NotImplemented, as in Node.
type ServiceObject struct {
	name     string
	svc      *Service
	handlers map[Event]DataHandler // guarded by svc.mu
}

// Name is the service object's name.
func (so *ServiceObject) Name() string { return so.name }

// On registers the handler of an event, replacing any earlier one. It panics on an unknown event.
func (so *ServiceObject) On(e Event, h DataHandler) *ServiceObject {
	if !e.valid() {
		panic(fmt.Sprintf("core: unknown FlexData event %q", e))
	}
	if h == nil {
		panic(fmt.Sprintf("core: nil handler for %s of %s", e, so.name))
	}
	so.svc.mu.Lock()
	defer so.svc.mu.Unlock()
	if so.handlers == nil {
		so.handlers = map[Event]DataHandler{}
	}
	so.handlers[e] = h
	return so
}

// Remove unregisters the handler of an event.
func (so *ServiceObject) Remove(e Event) *ServiceObject {
	so.svc.mu.Lock()
	defer so.svc.mu.Unlock()
	delete(so.handlers, e)
	return so
}

func (so *ServiceObject) handler(e Event) DataHandler {
	so.svc.mu.RLock()
	defer so.svc.mu.RUnlock()
	return so.handlers[e]
}

// OnInsert registers the handler of POST /:serviceObject with an object body.
func (so *ServiceObject) OnInsert(h DataHandler) *ServiceObject { return so.On(EventInsert, h) }

// OnInsertMany registers the handler of POST /:serviceObject with an array body.
func (so *ServiceObject) OnInsertMany(h DataHandler) *ServiceObject {
	return so.On(EventInsertMany, h)
}

// OnUpdate registers the handler of PUT /:serviceObject/:id.
func (so *ServiceObject) OnUpdate(h DataHandler) *ServiceObject { return so.On(EventUpdate, h) }

// OnDeleteByID registers the handler of DELETE /:serviceObject/:id.
func (so *ServiceObject) OnDeleteByID(h DataHandler) *ServiceObject {
	return so.On(EventDeleteByID, h)
}

// OnDeleteByQuery registers the handler of DELETE /:serviceObject?query.
func (so *ServiceObject) OnDeleteByQuery(h DataHandler) *ServiceObject {
	return so.On(EventDeleteByQuery, h)
}

// OnDeleteAll registers the handler of DELETE /:serviceObject.
func (so *ServiceObject) OnDeleteAll(h DataHandler) *ServiceObject {
	return so.On(EventDeleteAll, h)
}

// OnGetByID registers the handler of GET /:serviceObject/:id.
func (so *ServiceObject) OnGetByID(h DataHandler) *ServiceObject { return so.On(EventGetByID, h) }

// OnGetByQuery registers the handler of GET /:serviceObject?query.
func (so *ServiceObject) OnGetByQuery(h DataHandler) *ServiceObject {
	return so.On(EventGetByQuery, h)
}

// OnGetAll registers the handler of GET /:serviceObject.
func (so *ServiceObject) OnGetAll(h DataHandler) *ServiceObject { return so.On(EventGetAll, h) }

// OnGetCount registers the handler of GET /:serviceObject/_count.
func (so *ServiceObject) OnGetCount(h DataHandler) *ServiceObject {
	return so.On(EventGetCount, h)
}

// OnGetCountByQuery registers the handler of GET /:serviceObject/_count?query.
func (so *ServiceObject) OnGetCountByQuery(h DataHandler) *ServiceObject {
	return so.On(EventGetCountByQuery, h)
}

// dataEvent chooses the event as the reference's data.js does.
func dataEvent(rt express.Route, method string, query map[string]any, body json.RawMessage) Event {
	switch {
	case method == "POST" && js.Kind(body) == '[':
		return EventInsertMany
	case method == "POST":
		return EventInsert
	case method == "PUT":
		return EventUpdate
	case method != "GET" && method != "DELETE":
		return ""
	case rt.Kind == express.DataCount && query != nil:
		return EventGetCountByQuery
	case rt.Kind == express.DataCount:
		return EventGetCount
	case method == "GET" && rt.HasID:
		return EventGetByID
	case method == "GET" && query != nil:
		return EventGetByQuery
	case method == "GET":
		return EventGetAll
	case rt.HasID: // DELETE
		return EventDeleteByID
	case query != nil:
		return EventDeleteByQuery
	}
	return EventDeleteAll
}

// notImplemented is the reference's notImplementedHandler.
func notImplemented(_ context.Context, _ *DataRequest, c *Completion) {
	c.SetBody("These methods are not implemented").NotImplemented().Done()
}

// prepareData gives the task its FlexData handler and request, or answers it when the reference
// knows no event for it.
func (s *Service) prepareData(t *flexTask) *Response {
	query, _ := t.query.(map[string]any)
	// data.js: `request.body = JSON.parse(request.body)`, kept when it throws. Only an array can
	// change here: ["{\"a\":1}"] becomes {"a":1} and [5] becomes 5, as String(array) reads.
	if parsed, ok := js.Parse(t.body); ok {
		t.body = parsed
	}
	bodyRaw := js.Raw(t.body)
	event := dataEvent(t.route, t.method, query, bodyRaw)
	if event == "" { // HEAD reaches the GET routes, but data.js knows no HEAD operation
		return t.fail(&Error{Kind: KindBadRequest, Debug: "Cannot determine data operation"})
	}
	t.dataReq = DataRequest{
		Task:              &t.task,
		Method:            t.method,
		ServiceObjectName: t.route.Name,
		Event:             event,
		EntityID:          t.route.ID,
		HasEntityID:       t.route.HasID,
		Query:             query,
		Body:              bodyRaw,
		Headers:           t.reqHeaders,
	}
	t.comp = Completion{t: t}
	t.onData = notImplemented
	if so := s.object(t.route.Name); so != nil {
		if h := so.handler(event); h != nil {
			t.onData = h
		}
	}
	return nil
}
