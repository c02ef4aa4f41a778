// Package entity is the Node SDK's kinveyEntity module (kinvey-flex-sdk
// 3.3.0): Kinvey entities with _id, _acl and _kmd, and the _acl helpers.
//
// As in Node (moduleGenerator.js), the module is made per environment:
// New(environmentID, useBSONObjectID). environmentID becomes _acl.creator of
// new entities; useBSONObjectID chooses between an [ObjectID] value and its
// 24-digit hex string for generated ids (both are written as the hex string
// in JSON, as Node's ObjectID.toJSON does).
//
//	m := entity.New(envID, false)
//	e := m.Entity()                         // {_id, _acl: {creator}, _kmd: {lmt, ect}}
//	e.ACL().AddReader("user1").AddWriterGroup("admins").SetGloballyReadable(false)
//	entity.IsKinveyEntity(e)                // true
//
// An [Entity] is a map[string]any and its [ACL] is the _acl map itself with
// methods, so changes made through the ACL are in the entity and its JSON.
// [IsKinveyEntity] is true only for entities made (or completed) by this
// package, as Node's checks for the non-enumerable ACL functions: decoded
// JSON with _acl and _kmd is not an entity until passed to [Module.FromMap].
//
// # Differences from Node
//
//   - Node's addWriter returns the _acl object and its other helpers return
//     a separate object holding the functions; in Go every helper returns
//     the ACL.
//   - Where Node throws a TypeError (an _acl that is a string or a number,
//     a reader list that is not an array), FromMap returns an error and the
//     ACL helpers leave the ACL unchanged. An array as _acl is an error too
//     (Node hangs the creator and the helpers on the array as hidden
//     properties).
//   - SetCreator is a Go addition.
//   - ObjectIDs use a random machine id and counter from crypto/rand and the
//     process id, as bson 0.4 does with Math.random.
package entity
