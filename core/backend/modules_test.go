package backend_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"reflect"
	"testing"

	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/core/backend"
	"github.com/flexgo/flexgo/core/flextest"
)

// fakeQuery is a Query of fixed parameters.
type fakeQuery url.Values

func (q fakeQuery) ToQueryString() url.Values { return url.Values(q) }

// wantReq is what a call must send.
type wantReq struct {
	method, uri string
	auth        string // "" for none
	skipBL      bool   // x-kinvey-skip-business-logic: true
	api         string // X-Kinvey-API-Version; "3" when ""
	body        string // JSON; "" for none
	rpc         bool   // an email or push request (no Content-Type from the store, API version 3)
}

type bookT struct {
	ID    string `json:"_id,omitempty"`
	Title string `json:"title"`
}

var ds = backend.StoreOptions{}

func TestModules(t *testing.T) {
	q := fakeQuery{"query": {`{"title":"Dune"}`}, "limit": {"10"}, "sort": {`{"year":-1}`}}
	const qs = "?query=%7B%22title%22%3A%22Dune%22%7D&limit=10&sort=%7B%22year%22%3A-1%7D"
	type call func(ctx context.Context, c *backend.Client) (json.RawMessage, error)
	cases := []struct {
		name    string
		object  string // the task's object name
		call    call
		reply   *reply
		want    *wantReq // nil: no request
		result  string   // the result's JSON ("" for none)
		errName string   // the *backend.Error's name, when the call fails
		errDesc string
		errDbg  string
	}{
		// dataStore
		{name: "save new", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").Save(ctx, bookT{Title: "Dune"})
		}, reply: &reply{201, `{"_id":"b9","title":"Dune"}`},
			want:   &wantReq{method: "POST", uri: "/appdata/kid_test/books/", auth: masterAuth, skipBL: true, body: `{"title":"Dune"}`},
			result: `{"_id":"b9","title":"Dune"}`},
		{name: "save existing", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").Save(ctx, bookT{ID: "b1", Title: "Dune"})
		}, want: &wantReq{method: "PUT", uri: "/appdata/kid_test/books/b1", auth: masterAuth, skipBL: true, body: `{"_id":"b1","title":"Dune"}`},
			result: `{}`},
		{name: "save numeric id", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").Save(ctx, json.RawMessage(`{"_id":12.50}`))
		}, want: &wantReq{method: "PUT", uri: "/appdata/kid_test/books/12.5", auth: masterAuth, skipBL: true, body: `{"_id":12.50}`}, result: `{}`},
		{name: "save falsy id posts", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").Save(ctx, map[string]any{"_id": ""})
		}, want: &wantReq{method: "POST", uri: "/appdata/kid_test/books/", auth: masterAuth, skipBL: true, body: `{"_id":""}`}, result: `{}`},
		{name: "save array", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").Save(ctx, []bookT{{ID: "a", Title: "A"}})
		}, want: &wantReq{method: "POST", uri: "/appdata/kid_test/books/", auth: masterAuth, skipBL: true, body: `[{"_id":"a","title":"A"}]`}, result: `{}`},
		{name: "save nil", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").Save(ctx, nil)
		}, errName: "DataStoreError", errDesc: "Bad Request", errDbg: "entity is required"},
		{name: "save zero", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").Save(ctx, 0)
		}, errName: "DataStoreError", errDesc: "Bad Request", errDbg: "entity is required"},
		{name: "create with id posts", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").Create(ctx, bookT{ID: "b1", Title: "Dune"})
		}, want: &wantReq{method: "POST", uri: "/appdata/kid_test/books/", auth: masterAuth, skipBL: true, body: `{"_id":"b1","title":"Dune"}`}, result: `{}`},
		{name: "update", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").Update(ctx, bookT{ID: "b1", Title: "Dune"})
		}, want: &wantReq{method: "PUT", uri: "/appdata/kid_test/books/b1", auth: masterAuth, skipBL: true, body: `{"_id":"b1","title":"Dune"}`}, result: `{}`},
		{name: "update without id", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").Update(ctx, bookT{Title: "Dune"})
		}, errName: "DataStoreError", errDesc: "Bad Request", errDbg: "entity._id is required"},
		{name: "findById", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").FindByID(ctx, "b1")
		}, reply: &reply{200, `{"_id":"b1"}`}, want: &wantReq{method: "GET", uri: "/appdata/kid_test/books/b1", auth: masterAuth, skipBL: true}, result: `{"_id":"b1"}`},
		{name: "findById escapes as Node", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").FindByID(ctx, `a b"{x}\y`)
		}, want: &wantReq{method: "GET", uri: "/appdata/kid_test/books/a%20b%22%7Bx%7D/y", auth: masterAuth, skipBL: true}, result: `{}`},
		{name: "findById empty", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").FindByID(ctx, "")
		}, errName: "DataStoreError", errDesc: "Bad Request", errDbg: "entityId is required"},
		{name: "find all", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").Find(ctx, nil)
		}, reply: &reply{200, `[]`}, want: &wantReq{method: "GET", uri: "/appdata/kid_test/books/", auth: masterAuth, skipBL: true}, result: `[]`},
		{name: "find query", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").Find(ctx, q)
		}, want: &wantReq{method: "GET", uri: "/appdata/kid_test/books/" + qs, auth: masterAuth, skipBL: true}, result: `{}`},
		{name: "find empty query", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").Find(ctx, fakeQuery{})
		}, want: &wantReq{method: "GET", uri: "/appdata/kid_test/books/", auth: masterAuth, skipBL: true}, result: `{}`},
		{name: "removeById", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").RemoveByID(ctx, "b1")
		}, reply: &reply{200, `{"count":1}`}, want: &wantReq{method: "DELETE", uri: "/appdata/kid_test/books/b1", auth: masterAuth, skipBL: true}, result: `{"count":1}`},
		{name: "removeById empty", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").RemoveByID(ctx, "")
		}, errName: "DataStoreError", errDesc: "Bad Request", errDbg: "entityId is required"},
		{name: "remove query", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").Remove(ctx, q)
		}, want: &wantReq{method: "DELETE", uri: "/appdata/kid_test/books/" + qs, auth: masterAuth, skipBL: true}, result: `{}`},
		{name: "count", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").Count(ctx, nil)
		}, reply: &reply{200, `{"count":4}`}, want: &wantReq{method: "GET", uri: "/appdata/kid_test/books/_count/", auth: masterAuth, skipBL: true}, result: `{"count":4}`},
		{name: "count query", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").Count(ctx, q)
		}, want: &wantReq{method: "GET", uri: "/appdata/kid_test/books/_count/" + qs, auth: masterAuth, skipBL: true}, result: `{}`},
		{name: "useBl useUserContext apiVersion", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(backend.StoreOptions{UseBL: true, UseUserContext: true, APIVersion: "5"}).Collection("books").Find(ctx, nil)
		}, want: &wantReq{method: "GET", uri: "/appdata/kid_test/books/", auth: userAuth, api: "5"}, result: `{}`},
		{name: "same collection, master secret", object: "books", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").Find(ctx, nil)
		}, want: &wantReq{method: "GET", uri: "/appdata/kid_test/books/", auth: masterAuth, skipBL: true}, result: `{}`},
		{name: "same collection, useBl", object: "books", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(backend.StoreOptions{UseBL: true}).Collection("books").Find(ctx, nil)
		}, errName: "DataStoreError", errDesc: "Not Allowed", errDbg: "Recursive data operations to the same collection cannot use user context or use BL."},
		{name: "same collection, useUserContext", object: "books", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(backend.StoreOptions{UseUserContext: true}).Collection("books").Save(ctx, bookT{Title: "x"})
		}, errName: "DataStoreError", errDesc: "Not Allowed", errDbg: "Recursive data operations to the same collection cannot use user context or use BL."},
		{name: "error answer", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").FindByID(ctx, "nope")
		}, reply: &reply{404, `{"error":"EntityNotFound","description":"This entity not found in the collection","debug":{"id":"nope"}}`},
			want:    &wantReq{method: "GET", uri: "/appdata/kid_test/books/nope", auth: masterAuth, skipBL: true},
			errName: "EntityNotFound", errDesc: "This entity not found in the collection", errDbg: `{"id":"nope"}`},
		{name: "text answer", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").FindByID(ctx, "b1")
		}, reply: &reply{200, `OK`}, want: &wantReq{method: "GET", uri: "/appdata/kid_test/books/b1", auth: masterAuth, skipBL: true}, result: `"OK"`},
		{name: "empty answer", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").RemoveByID(ctx, "b1")
		}, reply: &reply{204, ``}, want: &wantReq{method: "DELETE", uri: "/appdata/kid_test/books/b1", auth: masterAuth, skipBL: true}},
		{name: "300 is an error", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.DataStore(ds).Collection("books").Save(ctx, bookT{Title: "x"})
		}, reply: &reply{300, `{"error":"Multiple"}`}, want: &wantReq{method: "POST", uri: "/appdata/kid_test/books/", auth: masterAuth, skipBL: true, body: `{"title":"x"}`},
			errName: "Multiple"},

		// userStore
		{name: "user create", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.UserStore(backend.StoreOptions{UseUserContext: true}).Create(ctx, map[string]string{"username": "bob"})
		}, want: &wantReq{method: "POST", uri: "/user/kid_test/", auth: appAuth, skipBL: true, body: `{"username":"bob"}`}, result: `{}`},
		{name: "user create nil", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.UserStore(ds).Create(ctx, nil)
		}, errName: "UserStoreError", errDesc: "Bad Request", errDbg: "A user entity must be supplied"},
		{name: "user update", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.UserStore(ds).Update(ctx, map[string]string{"_id": "u2", "email": "b@x"})
		}, want: &wantReq{method: "PUT", uri: "/user/kid_test/u2", auth: masterAuth, skipBL: true, body: `{"_id":"u2","email":"b@x"}`}, result: `{}`},
		{name: "user update without id", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.UserStore(ds).Update(ctx, map[string]string{"email": "b@x"})
		}, errName: "UserStoreError", errDesc: "Bad Request", errDbg: "A user entity must be supplied containing at least an _id"},
		{name: "user findById", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.UserStore(ds).FindByID(ctx, "u2")
		}, want: &wantReq{method: "GET", uri: "/user/kid_test/u2", auth: masterAuth, skipBL: true}, result: `{}`},
		{name: "user findById empty", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.UserStore(ds).FindByID(ctx, "")
		}, errName: "UserStoreError", errDesc: "Bad Request", errDbg: "userId is required"},
		{name: "user getCurrentUser", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.UserStore(ds).GetCurrentUser(ctx)
		}, want: &wantReq{method: "GET", uri: "/user/kid_test/u1", auth: masterAuth, skipBL: true}, result: `{}`},
		{name: "user find", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.UserStore(ds).Find(ctx, q)
		}, want: &wantReq{method: "GET", uri: "/user/kid_test/" + qs, auth: masterAuth, skipBL: true}, result: `{}`},
		{name: "user remove", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.UserStore(ds).Remove(ctx, "u2")
		}, want: &wantReq{method: "DELETE", uri: "/user/kid_test/u2?hard=true", auth: masterAuth, skipBL: true}, result: `{}`},
		{name: "user suspend", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.UserStore(ds).Suspend(ctx, "u2")
		}, want: &wantReq{method: "DELETE", uri: "/user/kid_test/u2", auth: masterAuth, skipBL: true}, result: `{}`},
		{name: "user restore with user context", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.UserStore(backend.StoreOptions{UseUserContext: true}).Restore(ctx, "u2")
		}, want: &wantReq{method: "POST", uri: "/user/kid_test/u2/_restore", auth: masterAuth, skipBL: true}, result: `{}`},
		{name: "user count", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.UserStore(ds).Count(ctx, nil)
		}, want: &wantReq{method: "GET", uri: "/user/kid_test/_count/", auth: masterAuth, skipBL: true}, result: `{}`},
		{name: "user assignRole", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.UserStore(ds).AssignRole(ctx, "u2", "r1")
		}, want: &wantReq{method: "PUT", uri: "/user/kid_test/u2/roles/r1", auth: masterAuth, skipBL: true, body: `{}`}, result: `{}`},
		{name: "user assignRole no role", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.UserStore(ds).AssignRole(ctx, "u2", "")
		}, errName: "UserStoreError", errDesc: "Bad Request", errDbg: "roleId is required"},
		{name: "user revokeRole", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.UserStore(ds).RevokeRole(ctx, "u2", "r1")
		}, want: &wantReq{method: "DELETE", uri: "/user/kid_test/u2/roles/r1", auth: masterAuth, skipBL: true, body: `{}`}, result: `{}`},
		{name: "user revokeRole no user", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.UserStore(ds).RevokeRole(ctx, "", "")
		}, errName: "UserStoreError", errDesc: "Bad Request", errDbg: "userId is required"},
		{name: "user listRoles", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.UserStore(ds).ListRoles(ctx, "u2")
		}, want: &wantReq{method: "GET", uri: "/user/kid_test/u2/roles", auth: masterAuth, skipBL: true}, result: `{}`},
		{name: "user store recursion", object: "user", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.UserStore(backend.StoreOptions{UseBL: true}).FindByID(ctx, "u2")
		}, errName: "UserStoreError", errDesc: "Not Allowed", errDbg: "Recursive requests to the user store from the user store cannot use user credentials or use Bl"},

		// groupStore
		{name: "group create", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.GroupStore(ds).Create(ctx, map[string]string{"name": "g"})
		}, want: &wantReq{method: "POST", uri: "/group/kid_test/", auth: masterAuth, skipBL: true, body: `{"name":"g"}`}, result: `{}`},
		{name: "group update", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.GroupStore(ds).Update(ctx, map[string]string{"_id": "g1"})
		}, want: &wantReq{method: "PUT", uri: "/group/kid_test/g1", auth: masterAuth, skipBL: true, body: `{"_id":"g1"}`}, result: `{}`},
		{name: "group update without id", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.GroupStore(ds).Update(ctx, map[string]string{})
		}, errName: "GroupStoreError", errDesc: "Bad Request", errDbg: "A group entity must be supplied containing at least an _id"},
		{name: "group findById", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.GroupStore(ds).FindByID(ctx, "g1")
		}, want: &wantReq{method: "GET", uri: "/group/kid_test/g1", auth: masterAuth, skipBL: true}, result: `{}`},
		{name: "group remove", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.GroupStore(ds).Remove(ctx, "g1")
		}, want: &wantReq{method: "DELETE", uri: "/group/kid_test/g1", auth: masterAuth, skipBL: true}, result: `{}`},
		{name: "group remove empty", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.GroupStore(ds).Remove(ctx, "")
		}, errName: "GroupStoreError", errDesc: "Bad Request", errDbg: "groupId is required"},
		{name: "group store recursion", object: "group", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.GroupStore(backend.StoreOptions{UseUserContext: true}).FindByID(ctx, "g1")
		}, errName: "GroupStoreError", errDesc: "Not Allowed", errDbg: "Recursive requests to the group store from the group store cannot use user credentials or use Bl"},

		// roleStore
		{name: "role create", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.RoleStore(ds).Create(ctx, map[string]string{"name": "r"})
		}, want: &wantReq{method: "POST", uri: "/roles/kid_test/", auth: masterAuth, skipBL: true, body: `{"name":"r"}`}, result: `{}`},
		{name: "role create empty", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.RoleStore(ds).Create(ctx, "")
		}, errName: "RoleStoreError", errDesc: "Bad Request", errDbg: "A role entity must be supplied"},
		{name: "role update", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.RoleStore(ds).Update(ctx, map[string]string{"_id": "r1"})
		}, want: &wantReq{method: "PUT", uri: "/roles/kid_test/r1", auth: masterAuth, skipBL: true, body: `{"_id":"r1"}`}, result: `{}`},
		{name: "role findById", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.RoleStore(ds).FindByID(ctx, "r1")
		}, want: &wantReq{method: "GET", uri: "/roles/kid_test/r1", auth: masterAuth, skipBL: true}, result: `{}`},
		{name: "role remove", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.RoleStore(ds).Remove(ctx, "r1")
		}, want: &wantReq{method: "DELETE", uri: "/roles/kid_test/r1", auth: masterAuth, skipBL: true}, result: `{}`},
		{name: "role listMembers", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.RoleStore(ds).ListMembers(ctx, "r1")
		}, want: &wantReq{method: "GET", uri: "/roles/kid_test/r1/membership", auth: masterAuth, skipBL: true}, result: `{}`},
		{name: "role listMembers empty", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.RoleStore(ds).ListMembers(ctx, "")
		}, errName: "RoleStoreError", errDesc: "Bad Request", errDbg: "roleId is required"},
		{name: "role store recursion", object: "roles", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.RoleStore(backend.StoreOptions{UseBL: true}).Remove(ctx, "r1")
		}, errName: "RoleStoreError", errDesc: "Not Allowed", errDbg: "Recursive requests to the role store from the role store cannot use user credentials or use BL"},

		// endpointRunner
		{name: "endpoint execute", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.EndpointRunner(ds).Endpoint("stats").Execute(ctx, map[string]int{"year": 1965})
		}, reply: &reply{200, `{"books":4}`}, want: &wantReq{method: "POST", uri: "/rpc/kid_test/custom/stats", auth: masterAuth, body: `{"year":1965}`}, result: `{"books":4}`},
		{name: "endpoint execute nil body", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.EndpointRunner(backend.StoreOptions{UseUserContext: true}).Endpoint("stats").Execute(ctx, nil)
		}, want: &wantReq{method: "POST", uri: "/rpc/kid_test/custom/stats", auth: userAuth, body: `{}`}, result: `{}`},
		{name: "endpoint from a hook of its name", object: "stats", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.EndpointRunner(ds).Endpoint("stats").Execute(ctx, nil)
		}, want: &wantReq{method: "POST", uri: "/rpc/kid_test/custom/stats", auth: masterAuth, body: `{}`}, result: `{}`},

		// email
		{name: "email send", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.Email().Send(ctx, backend.EmailMessage{From: "a@x", To: "b@x", Subject: "Hi", TextBody: "Hello", HTMLBody: "<b>Hello</b>"})
		}, reply: &reply{200, `{"mailServerResponse":"250 OK"}`},
			want:   &wantReq{rpc: true, method: "POST", uri: "/rpc/kid_test/send-email", auth: masterAuth, body: `{"from":"a@x","to":"b@x","cc":null,"bcc":null,"subject":"Hi","replyTo":null,"body":"Hello","html":"<b>Hello</b>"}`},
			result: `"250 OK"`},
		{name: "email send no mailServerResponse", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.Email().Send(ctx, backend.EmailMessage{From: "a@x", To: "b@x", Subject: "Hi", TextBody: "Hello", ReplyTo: "r@x", CC: "c@x", BCC: "d@x"})
		}, reply: &reply{302, `whatever`},
			want:   &wantReq{rpc: true, method: "POST", uri: "/rpc/kid_test/send-email", auth: masterAuth, body: `{"from":"a@x","to":"b@x","cc":"c@x","bcc":"d@x","subject":"Hi","replyTo":"r@x","body":"Hello","html":null}`},
			result: `{"success":true}`},
		{name: "email missing subject", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.Email().Send(ctx, backend.EmailMessage{From: "a@x", To: "b@x", TextBody: "Hello"})
		}, errName: "EmailError", errDesc: "Invalid Arguments", errDbg: "To send an email, you must specify the 'to', 'from', 'subject' and 'body' parameters"},
		{name: "email error", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.Email().Send(ctx, backend.EmailMessage{From: "a@x", To: "b@x", Subject: "Hi", TextBody: "Hello"})
		}, reply: &reply{400, `{"error":"BadRequest","description":"bad","debug":"no smtp"}`},
			want:    &wantReq{rpc: true, method: "POST", uri: "/rpc/kid_test/send-email", auth: masterAuth, body: `{"from":"a@x","to":"b@x","cc":null,"bcc":null,"subject":"Hi","replyTo":null,"body":"Hello","html":null}`},
			errName: "BadRequest", errDesc: "bad", errDbg: "no smtp"},

		// push
		{name: "push sendMessage one user", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.Push().SendMessage(ctx, map[string]string{"_id": "u2"}, "hello")
		}, reply: &reply{200, `{"status":"sent"}`}, want: &wantReq{rpc: true, method: "POST", uri: "/push/kid_test/sendMessage", auth: masterAuth, body: `{"recipients":[{"_id":"u2"}],"messageContent":"hello"}`}, result: `{"status":"sent"}`},
		{name: "push send list", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.Push().Send(ctx, []map[string]string{{"_id": "u2"}, {"_id": "u3"}}, "hello")
		}, want: &wantReq{rpc: true, method: "POST", uri: "/push/kid_test/sendMessage", auth: masterAuth, body: `{"recipients":[{"_id":"u2"},{"_id":"u3"}],"messageContent":"hello"}`}, result: `{}`},
		{name: "push sendPayload", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.Push().SendPayload(ctx, []string{"u2"}, backend.Payload{IOSAps: map[string]string{"alert": "hi"}, AndroidPayload: map[string]string{"m": "hi"}})
		}, want: &wantReq{rpc: true, method: "POST", uri: "/push/kid_test/sendMessage", auth: masterAuth, body: `{"recipients":["u2"],"messageContent":{"iOSAps":{"alert":"hi"},"androidPayload":{"m":"hi"}}}`}, result: `{}`},
		{name: "push no users", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.Push().SendMessage(ctx, nil, "hello")
		}, errName: "TypeError", errDesc: "You must specify the 'users' parameter to send a push notification"},
		{name: "push no message", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.Push().SendMessage(ctx, []string{"u2"}, nil)
		}, errName: "TypeError", errDesc: "You must specify the 'message' parameter to send a push notification"},
		{name: "push broadcast", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.Push().Broadcast(ctx, "hello all")
		}, want: &wantReq{rpc: true, method: "POST", uri: "/push/kid_test/sendBroadcast", auth: masterAuth, body: `{"messageContent":"hello all"}`}, result: `{}`},
		{name: "push broadcastMessage nil", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.Push().BroadcastMessage(ctx, nil)
		}, errName: "TypeError", errDesc: "You must specify the 'message' parameter to send a push notification"},
		{name: "push broadcastPayload", call: func(ctx context.Context, c *backend.Client) (json.RawMessage, error) {
			return c.Push().BroadcastPayload(ctx, backend.Payload{IOSExtras: map[string]int{"n": 1}})
		}, reply: &reply{500, `{"error":"PushError","description":"down"}`},
			want:    &wantReq{rpc: true, method: "POST", uri: "/push/kid_test/sendBroadcast", auth: masterAuth, body: `{"messageContent":{"iOSExtras":{"n":1}}}`},
			errName: "PushError", errDesc: "down"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var replies []reply
			if tc.reply != nil {
				replies = append(replies, *tc.reply)
			}
			f := newFakeBackend(t, replies...)
			object := tc.object
			if object == "" {
				object = "other"
			}
			c := backend.New(hookTask(t, f.URL, object))
			got, err := tc.call(t.Context(), c)
			checkOutcome(t, got, err, tc.result, tc.errName, tc.errDesc, tc.errDbg)
			reqs := f.requests()
			if tc.want == nil {
				if len(reqs) != 0 {
					t.Fatalf("sent %d requests, want none: %+v", len(reqs), reqs)
				}
				return
			}
			if len(reqs) != 1 {
				t.Fatalf("sent %d requests, want 1", len(reqs))
			}
			checkRequest(t, reqs[0], *tc.want)
		})
	}
}

// checkOutcome compares a call's result or error with what is wanted.
func checkOutcome(t *testing.T, got json.RawMessage, err error, result, name, desc, dbg string) {
	t.Helper()
	if name != "" {
		var be *backend.Error
		if !errors.As(err, &be) {
			t.Fatalf("error %v, want a *backend.Error %s", err, name)
		}
		if be.Name != name || be.Description != desc || be.Debug != dbg {
			t.Errorf("error %q/%q/%q, want %q/%q/%q", be.Name, be.Description, be.Debug, name, desc, dbg)
		}
		return
	}
	if err != nil {
		t.Fatalf("error %v", err)
	}
	if !jsonEqual(got, []byte(result)) {
		t.Errorf("result %s, want %s", got, result)
	}
}

func checkRequest(t *testing.T, got recorded, w wantReq) {
	t.Helper()
	if got.Method != w.method || got.URI != w.uri {
		t.Errorf("sent %s %s, want %s %s", got.Method, got.URI, w.method, w.uri)
	}
	api := w.api
	if api == "" {
		api = "3"
	}
	want := map[string]string{
		"Authorization":                w.auth,
		"Accept":                       "application/json",
		"Content-Type":                 "application/json",
		"X-Kinvey-Api-Version":         api,
		"X-Kinvey-Skip-Business-Logic": "",
		"User-Agent":                   "",
	}
	if w.skipBL {
		want["X-Kinvey-Skip-Business-Logic"] = "true"
	}
	for k, v := range want {
		if g := got.Header.Get(k); g != v {
			t.Errorf("header %s: %q, want %q", k, g, v)
		}
	}
	if w.body == "" {
		if got.Body != "" {
			t.Errorf("body %s, want none", got.Body)
		}
	} else if !jsonEqual([]byte(got.Body), []byte(w.body)) {
		t.Errorf("body %s, want %s", got.Body, w.body)
	}
}

func jsonEqual(a, b []byte) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// The API version of the task decides userStore's hard delete and soft suspend.
func TestUserStoreAPIVersion(t *testing.T) {
	for _, tc := range []struct {
		version         string
		remove, suspend string
	}{
		{"3", "/user/kid_test/u2?hard=true", "/user/kid_test/u2"},
		{"2", "/user/kid_test/u2?hard=true", "/user/kid_test/u2"},
		{"1", "/user/kid_test/u2", "/user/kid_test/u2?soft=true"},
		{"0.5", "/user/kid_test/u2", "/user/kid_test/u2?soft=true"},
		{"v3", "/user/kid_test/u2", "/user/kid_test/u2"}, // NaN: neither
	} {
		t.Run(tc.version, func(t *testing.T) {
			f := newFakeBackend(t)
			task := taskOf(t, flextest.PreHook("capture", "POST", "other").
				WithAppMetadata(appMetadata(f.URL)).
				WithResponseHeaders(map[string]string{"x-kinvey-api-version": tc.version}))
			if task.APIVersion() != tc.version {
				t.Fatalf("task API version %q", task.APIVersion())
			}
			users := backend.New(task).UserStore(backend.StoreOptions{APIVersion: "7"})
			if _, err := users.Remove(t.Context(), "u2"); err != nil {
				t.Fatal(err)
			}
			if _, err := users.Suspend(t.Context(), "u2"); err != nil {
				t.Fatal(err)
			}
			reqs := f.requests()
			if reqs[0].URI != tc.remove || reqs[1].URI != tc.suspend {
				t.Errorf("remove %s, suspend %s; want %s, %s", reqs[0].URI, reqs[1].URI, tc.remove, tc.suspend)
			}
			if v := reqs[0].Header.Get("X-Kinvey-Api-Version"); v != "7" {
				t.Errorf("X-Kinvey-API-Version %q, want the store's 7", v)
			}
		})
	}
}

// The endpoint runner refuses to run the endpoint a custom endpoint task is for.
func TestEndpointRecursion(t *testing.T) {
	f := newFakeBackend(t)
	task := taskOf(t, flextest.CustomEndpoint("capture", nil).WithObjectName("stats").
		WithAppMetadata(appMetadata(f.URL)))
	runner := backend.New(task).EndpointRunner(ds)
	_, err := runner.Endpoint("stats").Execute(t.Context(), nil)
	checkOutcome(t, nil, err, "", "EndpointRunnerError", "Not Allowed", "Recursive requests to the same endpoint are prohibited.")
	if _, err := runner.Endpoint("other").Execute(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	if n := len(f.requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

// Without the client's Authorization header, UseUserContext sends none.
func TestUserContextWithoutAuthorization(t *testing.T) {
	f := newFakeBackend(t)
	task := taskOf(t, flextest.PreHook("capture", "GET", "other").WithAppMetadata(appMetadata(f.URL)))
	if _, err := backend.New(task).DataStore(backend.StoreOptions{UseUserContext: true}).Collection("c").Find(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	if h, ok := f.requests()[0].Header["Authorization"]; ok {
		t.Errorf("Authorization %q sent", h)
	}
}

// A task without baasUrl in its app metadata reaches the backend its request came through.
func TestBaasURLFallback(t *testing.T) {
	f := newFakeBackend(t)
	host := f.Listener.Addr().String()
	task := taskOf(t, flextest.PreHook("capture", "GET", "other").
		WithAppMetadata(map[string]any{"_id": appKey, "mastersecret": masterSecret}).
		WithOriginalHeader("host", host).WithOriginalHeader("x-forwarded-proto", "http"))
	if _, err := backend.New(task).DataStore(ds).Collection("c").Find(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	if r := f.requests(); len(r) != 1 || r[0].URI != "/appdata/kid_test/c/" {
		t.Errorf("requests %+v", r)
	}
}

// A bare core.Task (no service) works too: the app metadata is all the client needs.
func TestBareTask(t *testing.T) {
	f := newFakeBackend(t, reply{200, `{"count":2}`})
	meta, _ := json.Marshal(appMetadata(f.URL))
	task := &core.Task{AppMetadata: meta}
	n, err := backend.Decode[struct{ Count int }](backend.New(task).DataStore(ds).Collection("c").Count(t.Context(), nil))
	if err != nil || n.Count != 2 {
		t.Fatalf("count %v, %v", n, err)
	}
}
