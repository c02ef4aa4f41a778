package entity

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"time"
)

// Module is the Node SDK's kinveyEntity module for one environment:
// kinveyEntity(environmentId, useBSONObjectId) in moduleGenerator.js.
type Module struct {
	environmentID   string
	useBSONObjectID bool
}

// New returns the module for an environment. environmentID becomes the
// creator of new entities. With useBSONObjectID new ids are [ObjectID]
// values (Node uses this while an app's objectid_migration is not "done");
// otherwise they are the ObjectID's 24-digit hex string.
func New(environmentID string, useBSONObjectID bool) *Module {
	return &Module{environmentID: environmentID, useBSONObjectID: useBSONObjectID}
}

// EnvironmentID returns the environment id the module was created with.
func (m *Module) EnvironmentID() string { return m.environmentID }

// Entity is a Kinvey entity: a JSON object with _id, _acl (an [ACL]) and
// _kmd. It marshals with encoding/json like any map.
type Entity map[string]any

func (m *Module) newID() any {
	id := NewObjectID()
	if m.useBSONObjectID {
		return id
	}
	return id.Hex()
}

func now() string { return time.Now().UTC().Format("2006-01-02T15:04:05.000Z") }

// Entity is Node's entity(): a new entity with a generated _id, _acl.creator
// set to the environment id and _kmd.lmt and _kmd.ect set to now.
func (m *Module) Entity() Entity { return m.EntityWithID("") }

// EntityWithID is Node's entity(id): a new entity with that _id (an empty id
// is generated, as in Node).
func (m *Module) EntityWithID(id string) Entity {
	t := now()
	e := Entity{
		"_acl": ACL{"creator": m.environmentID},
		"_kmd": map[string]any{"lmt": t, "ect": t},
	}
	if id != "" {
		e["_id"] = id
	} else {
		e["_id"] = m.newID()
	}
	return e
}

// ErrNotObject is returned by [Module.FromMap] when _acl is set to something
// that is not an object (Node throws a TypeError there).
var ErrNotObject = errors.New("entity: _acl is not an object")

// FromMap is Node's entity(object): it completes doc in place and returns it
// as an Entity (the same map). A falsy _acl becomes {}, a falsy _id a new id,
// a falsy _acl.creator the environment id, a falsy _kmd {}, and a falsy
// _kmd.ect or _kmd.lmt now; existing values are kept. _acl becomes an [ACL]
// (the map itself, with methods), which is what [IsKinveyEntity] checks.
func (m *Module) FromMap(doc map[string]any) (Entity, error) {
	if doc == nil {
		return nil, errors.New("entity: nil document")
	}
	e := Entity(doc)
	acl, ok := asMap(e["_acl"])
	if !truthy(e["_acl"]) {
		acl, ok = map[string]any{}, true
	}
	if !ok {
		return nil, fmt.Errorf("%w (%T)", ErrNotObject, e["_acl"])
	}
	e["_acl"] = ACL(acl)
	if !truthy(e["_id"]) {
		e["_id"] = m.newID()
	}
	if !truthy(acl["creator"]) {
		acl["creator"] = m.environmentID
	}
	if !truthy(e["_kmd"]) {
		e["_kmd"] = map[string]any{}
	}
	if kmd, ok := asMap(e["_kmd"]); ok {
		t := now()
		if !truthy(kmd["ect"]) {
			kmd["ect"] = t
		}
		if !truthy(kmd["lmt"]) {
			kmd["lmt"] = t
		}
	}
	return e, nil
}

// EntityOf is Node's entity(v) for the argument types Node accepts: nil (no
// argument), a string id, an Entity or a map[string]any. Other values are
// an error where Node throws a TypeError.
func (m *Module) EntityOf(v any) (Entity, error) {
	switch x := v.(type) {
	case nil:
		return m.Entity(), nil
	case string:
		return m.EntityWithID(x), nil
	case Entity:
		return m.FromMap(x)
	case map[string]any:
		return m.FromMap(x)
	}
	return nil, fmt.Errorf("entity: cannot make an entity of %T", v)
}

// IsKinveyEntity is Node's isKinveyEntity on the module; see the function
// [IsKinveyEntity].
func (m *Module) IsKinveyEntity(v any) bool { return IsKinveyEntity(v) }

// IsKinveyEntity reports whether v was made by this package (Node: has _acl
// with the ACL methods and a truthy _kmd): an Entity or map[string]any whose
// _acl is an [ACL]. Plain JSON, even with _acl and _kmd, is not.
func IsKinveyEntity(v any) bool {
	var m map[string]any
	switch x := v.(type) {
	case Entity:
		m = x
	case map[string]any:
		m = x
	case *Entity:
		if x == nil {
			return false
		}
		m = *x
	default:
		return false
	}
	_, ok := m["_acl"].(ACL)
	return ok && truthy(m["_kmd"])
}

// ID returns the _id (a string, or an [ObjectID]).
func (e Entity) ID() any { return e["_id"] }

// ACL returns the entity's _acl, or nil if _acl is not an [ACL] (for example
// after being replaced by a plain map); the methods of a nil ACL read as
// empty and change nothing.
func (e Entity) ACL() ACL {
	a, _ := e["_acl"].(ACL)
	return a
}

// KMD returns the _kmd object, or nil if it is not an object.
func (e Entity) KMD() map[string]any {
	m, _ := asMap(e["_kmd"])
	return m
}

func asMap(v any) (map[string]any, bool) {
	switch x := v.(type) {
	case ACL:
		return x, true
	case map[string]any:
		return x, true
	case Entity:
		return x, true
	}
	return nil, false
}

// truthy is JavaScript truthiness for JSON-like Go values.
func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case float64:
		return x != 0 && !math.IsNaN(x)
	case float32:
		return x != 0 && !math.IsNaN(float64(x))
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return rv.Uint() != 0
	case reflect.Pointer, reflect.Interface:
		return !rv.IsNil()
	}
	return true
}
