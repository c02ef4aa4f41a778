package backenddiff

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The calls compared: every function of every module, with each combination of useBl and
// useUserContext, the app-secret and master-secret rules, the recursion guards, the argument
// checks, the Query shapes, the batching of a save of more than 100 entities, and the answers
// (success, Kinvey errors, a body that is not JSON, an empty body).

const (
	appSecret    = "app-secret"
	masterSecret = "master-secret"
	userAuth     = "Kinvey user-token"
)

// undefined is the argument JavaScript's undefined (nil in Go).
var undefined = json.RawMessage(`{"$undefined":true}`)

// args encodes arguments as JSON; a json.RawMessage is taken as it is.
func args(vs ...any) []json.RawMessage {
	out := make([]json.RawMessage, len(vs))
	for i, v := range vs {
		if raw, ok := v.(json.RawMessage); ok {
			out[i] = raw
			continue
		}
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		out[i] = b
	}
	return out
}

func num(f float64) *float64 { return &f }

// defaultTask is the task most calls run in: a pre hook on another collection, from user u1
// with a session token.
func defaultTask() taskSpec {
	return taskSpec{ObjectName: "other", Username: "ann", UserID: "u1", Authorization: userAuth}
}

func ok(body string) []replySpec { return []replySpec{{Status: 200, Body: body}} }

func kinveyError(status int, name, description string, debug any) []replySpec {
	b, _ := json.Marshal(map[string]any{"error": name, "description": description, "debug": debug})
	return []replySpec{{Status: status, Body: string(b)}}
}

// entities is n entities {"n": from+i}.
func entities(n int) json.RawMessage {
	var parts []string
	for i := 0; i < n; i++ {
		parts = append(parts, fmt.Sprintf(`{"n":%d,"title":"book %d"}`, i, i))
	}
	return json.RawMessage("[" + strings.Join(parts, ",") + "]")
}

// batchReply is Kinvey's answer to a batch insert of entities from..to, with errors.
func batchReply(from, to int, errs string) replySpec {
	var parts []string
	for i := from; i < to; i++ {
		parts = append(parts, fmt.Sprintf(`{"_id":"e%d","n":%d}`, i, i))
	}
	return replySpec{Status: 200, Body: `{"entities":[` + strings.Join(parts, ",") + `],"errors":` + errs + `}`}
}

var optionCombos = []struct {
	name string
	opts *storeOpts
}{
	{"default", nil},
	{"useBl", &storeOpts{UseBL: true}},
	{"useUserContext", &storeOpts{UseUserContext: true}},
	{"useBl+useUserContext", &storeOpts{UseBL: true, UseUserContext: true}},
	{"apiVersion 5", &storeOpts{APIVersion: "5"}},
}

// allCalls is the list of calls; sdk4 says whether SDK 4.x's dataStore is at hand.
func allCalls(sdk4 bool) []*call {
	var calls []*call
	add := func(c *call) {
		if c.Task.ObjectName == "" && c.Task.HookType == "" { // every explicit task names its object
			c.Task = defaultTask()
		}
		calls = append(calls, c)
	}
	ds := func(name, fn string, a ...any) *call {
		return &call{Name: "dataStore." + fn + " " + name, Module: "dataStore", Target: "books", Fn: fn, Args: args(a...)}
	}

	// dataStore: every function under every option combination.
	for _, oc := range optionCombos {
		for _, c := range []*call{
			ds(oc.name, "save", map[string]any{"title": "Dune", "year": 1965}),
			ds(oc.name+" existing", "save", map[string]any{"_id": "b1", "title": "Dune"}),
			ds(oc.name, "findById", "b1"),
			ds(oc.name, "find"),
			ds(oc.name, "removeById", "b1"),
			ds(oc.name, "remove"),
			ds(oc.name, "count"),
		} {
			c.Options = oc.opts
			add(c)
		}
	}
	// save: what is an entity, and where it goes
	for _, c := range []*call{
		ds("numeric _id", "save", json.RawMessage(`{"_id":12,"title":"x"}`)),
		ds("falsy _id", "save", map[string]any{"_id": "", "title": "x"}),
		ds("zero _id", "save", map[string]any{"_id": 0}),
		ds("object", "save", map[string]any{}),
		ds("array", "save", json.RawMessage(`[{"_id":"a"},{"title":"b"}]`)),
		ds("empty array", "save", json.RawMessage(`[]`)),
		ds("string", "save", "just text"),
		ds("null", "save", nil),
		ds("undefined", "save", undefined),
		ds("empty string", "save", ""),
		ds("zero", "save", 0),
		ds("false", "save", false),
		ds("unicode and HTML", "save", map[string]any{"title": "<b>Les Misérables</b> & 日本"}),
	} {
		add(c)
	}
	// ids as Node's url.parse reads them
	for _, id := range []string{"a b", "a/b", "a?b=c", "a#b", "%41", `a"b`, "a'b", "a{b}", `a\b`, "a^b|c`", "b1 ", "0", ""} {
		add(ds(fmt.Sprintf("id %q", id), "findById", id))
	}
	add(ds("undefined id", "findById", undefined))
	add(ds("empty id", "removeById", ""))
	// the Query shapes of the Node Query module
	queries := []struct {
		name string
		q    querySpec
	}{
		{"options: filter fields limit skip sort", querySpec{Build: "options",
			Filter: json.RawMessage(`{"author":"Jane Austen","year":{"$gt":1800}}`), Fields: []string{"title", "year"},
			Limit: num(10), Skip: num(5), Sort: json.RawMessage(`{"year":-1,"title":1}`)}},
		{"methods: equalTo greaterThan ascending descending", querySpec{Build: "methods",
			Ops: [][]any{{"equalTo", "author", "Jane Austen"}, {"greaterThan", "year", 1800}, {"lessThanOrEqualTo", "year", 1900},
				{"ascending", "title"}, {"descending", "year"}, {"set", "limit", 3}, {"set", "skip", 6}},
			Filter: json.RawMessage(`{"author":"Jane Austen","year":{"$gt":1800,"$lte":1900}}`),
			Sort:   json.RawMessage(`{"title":1,"year":-1}`), Limit: num(3), Skip: num(6)}},
		{"methods: contains exists notEqualTo", querySpec{Build: "methods",
			Ops:    [][]any{{"contains", "tags", []string{"a b", "c&d"}}, {"exists", "isbn", true}, {"notEqualTo", "status", "gone"}},
			Filter: json.RawMessage(`{"tags":{"$in":["a b","c&d"]},"isbn":{"$exists":true},"status":{"$ne":"gone"}}`)}},
		{"special characters", querySpec{Build: "methods",
			Ops:    [][]any{{"equalTo", "title", "a b&c=d+e/é?#%!'()*~"}},
			Filter: json.RawMessage(`{"title":"a b&c=d+e/é?#%!'()*~"}`)}},
		{"empty", querySpec{Build: "options"}},
		{"limit only", querySpec{Build: "methods", Ops: [][]any{{"set", "limit", 25}}, Limit: num(25)}},
		{"limit 0 and skip 0", querySpec{Build: "options", Limit: num(0), Skip: num(0)}},
		{"skip only", querySpec{Build: "options", Skip: num(40)}},
		{"fields only", querySpec{Build: "options", Fields: []string{"_id", "title", "author"}}},
		{"sort only", querySpec{Build: "methods", Ops: [][]any{{"ascending", "author"}}, Sort: json.RawMessage(`{"author":1}`)}},
	}
	for _, fn := range []string{"find", "remove", "count"} {
		for _, q := range queries {
			c := ds("query "+q.name, fn)
			qq := q.q
			c.Query = &qq
			add(c)
		}
	}
	// batches
	add(&call{Name: "dataStore.save 250 entities in 3 batches", Module: "dataStore", Target: "books", Fn: "save",
		Args: []json.RawMessage{entities(250)}, Replies: []replySpec{
			batchReply(0, 100, `[{"index":3,"code":11000,"errmsg":"duplicate"}]`),
			batchReply(100, 200, `[{"code":1,"index":5},{"index":99,"errmsg":"x"}]`),
			batchReply(200, 250, `[{"index":0,"errmsg":"dup"},{"errmsg":"no index"},{"index":"7"},{"index":null}]`),
		}})
	add(&call{Name: "dataStore.save 101 entities in 2 batches with useUserContext", Module: "dataStore", Target: "books", Fn: "save",
		Options: &storeOpts{UseUserContext: true},
		Args:    []json.RawMessage{entities(101)}, Replies: []replySpec{batchReply(0, 100, `[]`), batchReply(100, 101, `[{"index":0}]`)}})
	add(&call{Name: "dataStore.save 100 entities in one request", Module: "dataStore", Target: "books", Fn: "save",
		Args: []json.RawMessage{entities(100)}, Replies: []replySpec{batchReply(0, 100, `[]`)}})
	add(&call{Name: "dataStore.save 250 entities, the second batch fails", Module: "dataStore", Target: "books", Fn: "save",
		Args: []json.RawMessage{entities(250)}, Replies: []replySpec{
			batchReply(0, 100, `[]`),
			kinveyError(400, "BadRequest", "Unable to understand request", "batch too large")[0],
			batchReply(200, 250, `[]`),
		}})
	add(&call{Name: "dataStore.save 150 entities to the task's collection with useBl", Module: "dataStore", Target: "books",
		Fn: "save", Options: &storeOpts{UseBL: true}, Task: taskSpec{ObjectName: "books", UserID: "u1", Authorization: userAuth},
		Args: []json.RawMessage{entities(150)}})
	// recursion guards
	for _, oc := range optionCombos {
		for _, fn := range []string{"save", "findById", "find", "count"} {
			c := ds("on the task's collection, "+oc.name, fn)
			if fn == "save" {
				c.Args = args(map[string]any{"title": "x"})
			} else if fn == "findById" {
				c.Args = args("b1")
			}
			c.Options, c.Task = oc.opts, taskSpec{ObjectName: "books", UserID: "u1", Authorization: userAuth}
			add(c)
		}
	}
	// answers
	for _, c := range []*call{
		{Name: "dataStore.findById 404", Fn: "findById", Args: args("nope"),
			Replies: kinveyError(404, "EntityNotFound", "This entity not found in the collection", "")},
		{Name: "dataStore.find 500 with a debug object", Fn: "find",
			Replies: kinveyError(500, "KinveyInternalErrorRetry", "The Kinvey server encountered an unexpected error.", map[string]any{"trace": []int{1, 2}})},
		{Name: "dataStore.find 401 with user context", Fn: "find", Options: &storeOpts{UseUserContext: true},
			Replies: kinveyError(401, "InvalidCredentials", "Invalid credentials. Please retry your request with correct credentials", "")},
		{Name: "dataStore.find error with a number name", Fn: "find", Replies: []replySpec{{Status: 400, Body: `{"error":42,"description":"odd"}`}}},
		{Name: "dataStore.find 502 HTML", Fn: "find", Replies: []replySpec{{Status: 502, Body: "<html>Bad Gateway</html>", Header: map[string]string{"Content-Type": "text/html"}}}},
		{Name: "dataStore.find error body a JSON string", Fn: "find", Replies: []replySpec{{Status: 503, Body: `"down"`}}},
		{Name: "dataStore.findById 200 text", Fn: "findById", Args: args("b1"), Replies: []replySpec{{Status: 200, Body: "OK", Header: map[string]string{"Content-Type": "text/plain"}}}},
		{Name: "dataStore.removeById 204 empty", Fn: "removeById", Args: args("b1"), Replies: []replySpec{{Status: 204}}},
		{Name: "dataStore.save 300", Fn: "save", Args: args(map[string]any{"title": "x"}), Replies: []replySpec{{Status: 300, Body: `{"error":"MultipleChoices"}`}}},
		{Name: "dataStore.save 302 without Location", Fn: "save", Args: args(map[string]any{"title": "x"}), Replies: []replySpec{{Status: 302, Body: `{"error":"Found"}`}}},
		{Name: "dataStore.find JSON null", Fn: "find", Replies: []replySpec{{Status: 200, Body: `null`}}},
		{Name: "dataStore.find an array of entities", Fn: "find", Replies: ok(`[{"_id":"1","title":"Dune"},{"_id":"2","title":"Emma","n":1.5e3}]`)},
		{Name: "dataStore.count", Fn: "count", Replies: ok(`{"count":4}`)},
	} {
		c.Module, c.Target = "dataStore", "books"
		add(c)
	}
	// the task
	add(&call{Name: "dataStore.find with the task's API version 5", Module: "dataStore", Target: "books", Fn: "find",
		Task: taskSpec{ObjectName: "other", Authorization: userAuth, APIVersion: "5"}})
	add(&call{Name: "dataStore.find with the task's API version 5 and the store's 2", Module: "dataStore", Target: "books", Fn: "find",
		Options: &storeOpts{APIVersion: "2"}, Task: taskSpec{ObjectName: "other", Authorization: userAuth, APIVersion: "5"}})
	add(&call{Name: "dataStore.find with user context, no Authorization", Module: "dataStore", Target: "books", Fn: "find",
		Options: &storeOpts{UseUserContext: true}, Task: taskSpec{ObjectName: "other", UserID: "u1"}})
	add(&call{Name: "dataStore.find without baasUrl (x-forwarded-proto and host)", Module: "dataStore", Target: "books", Fn: "find",
		Task: taskSpec{ObjectName: "other", Authorization: userAuth, NoBaasURL: true}})
	add(&call{Name: "dataStore.find from a custom endpoint of the collection's name", Module: "dataStore", Target: "books", Fn: "find",
		Options: &storeOpts{UseBL: true}, Task: taskSpec{ObjectName: "books", HookType: "customEndpoint"}})

	// SDK 4.x's create and update
	if sdk4 {
		for _, c := range []*call{
			{Name: "dataStore.create (4.x)", Fn: "create", Args: args(map[string]any{"title": "Dune"})},
			{Name: "dataStore.create with _id (4.x)", Fn: "create", Args: args(map[string]any{"_id": "b1", "title": "Dune"}), Options: &storeOpts{UseBL: true}},
			{Name: "dataStore.create array (4.x)", Fn: "create", Args: args([]map[string]string{{"_id": "a"}, {"title": "b"}})},
			{Name: "dataStore.create 150 in 2 batches (4.x)", Fn: "create", Args: []json.RawMessage{entities(150)},
				Replies: []replySpec{batchReply(0, 100, `[{"index":1}]`), batchReply(100, 150, `[{"index":1}]`)}},
			{Name: "dataStore.create null (4.x)", Fn: "create", Args: args(nil)},
			{Name: "dataStore.create on the task's collection with useUserContext (4.x)", Fn: "create", Args: args(map[string]any{"title": "x"}),
				Options: &storeOpts{UseUserContext: true}, Task: taskSpec{ObjectName: "books", Authorization: userAuth}},
			// 4.x's update is not exported: its save calls it for an entity with an _id.
			{Name: "dataStore.update: save with _id (4.x)", Fn: "save", GoFn: "update", Args: args(map[string]any{"_id": "b1", "title": "Dune"}), Options: &storeOpts{UseUserContext: true}},
			{Name: "dataStore.update: save with numeric _id (4.x)", Fn: "save", GoFn: "update", Args: args(map[string]any{"_id": 7})},
			{Name: "dataStore.update: save with _id on the task's collection with useBl (4.x)", Fn: "save", GoFn: "update",
				Args: args(map[string]any{"_id": "b1"}), Options: &storeOpts{UseBL: true}, Task: taskSpec{ObjectName: "books"}},
			{Name: "dataStore.update undefined: save undefined (4.x)", Fn: "save", GoFn: "update", Args: args(undefined)},
			{Name: "dataStore.create: save without _id (4.x)", Fn: "save", GoFn: "create", Args: args(map[string]any{"title": "Dune"})},
		} {
			c.Module, c.Target, c.SDK = "dataStore", "books", "4"
			add(c)
		}
	}

	// userStore
	us := func(name, fn string, a ...any) *call {
		return &call{Name: "userStore." + fn + " " + name, Module: "userStore", Fn: fn, Args: args(a...)}
	}
	for _, oc := range optionCombos {
		for _, c := range []*call{
			us(oc.name, "create", map[string]any{"username": "bob", "password": "pw"}),
			us(oc.name, "update", map[string]any{"_id": "u2", "email": "bob@example.com"}),
			us(oc.name, "findById", "u2"),
			us(oc.name, "getCurrentUser"),
			us(oc.name, "find"),
			us(oc.name, "remove", "u2"),
			us(oc.name, "suspend", "u2"),
			us(oc.name, "restore", "u2"),
			us(oc.name, "count"),
			us(oc.name, "assignRole", "u2", "r1"),
			us(oc.name, "revokeRole", "u2", "r1"),
			us(oc.name, "listRoles", "u2"),
		} {
			c.Options = oc.opts
			add(c)
		}
	}
	for _, c := range []*call{
		us("null", "create", nil),
		us("empty string", "create", ""),
		us("null", "update", nil),
		us("without _id", "update", map[string]any{"email": "x"}),
		us("string", "update", "u2"),
		us("empty id", "findById", ""),
		us("empty id", "remove", ""),
		us("empty id", "suspend", ""),
		us("empty id", "restore", ""),
		us("empty id", "listRoles", ""),
		us("no user", "assignRole", "", "r1"),
		us("no role", "assignRole", "u2", ""),
		us("nothing", "revokeRole", "", ""),
		us("no role", "revokeRole", "u2", ""),
		us("404", "findById", "u9"),
	} {
		if strings.HasSuffix(c.Name, "404") {
			c.Replies = kinveyError(404, "UserNotFound", "This user does not exist for this app backend", "u9")
		}
		add(c)
	}
	for _, v := range []string{"1", "0", "2", "1.5", "v3"} {
		for _, fn := range []string{"remove", "suspend"} {
			c := us("with the task's API version "+v, fn, "u2")
			c.Task = taskSpec{ObjectName: "other", UserID: "u1", Authorization: userAuth, APIVersion: v}
			add(c)
		}
	}
	getNoUser := us("without a user", "getCurrentUser")
	getNoUser.Task = taskSpec{ObjectName: "other", Authorization: userAuth}
	add(getNoUser)
	for _, oc := range optionCombos {
		c := us("from a user hook, "+oc.name, "findById", "u2")
		c.Options, c.Task = oc.opts, taskSpec{ObjectName: "user", UserID: "u1", Authorization: userAuth}
		add(c)
		r := us("from a user hook, "+oc.name, "restore", "u2")
		r.Options, r.Task = oc.opts, taskSpec{ObjectName: "user", UserID: "u1", Authorization: userAuth}
		add(r)
	}

	// groupStore and roleStore
	store := func(module, name, fn string, a ...any) *call {
		return &call{Name: module + "." + fn + " " + name, Module: module, Fn: fn, Args: args(a...)}
	}
	for _, oc := range optionCombos {
		for _, c := range []*call{
			store("groupStore", oc.name, "create", map[string]any{"_id": "g1", "name": "readers"}),
			store("groupStore", oc.name, "update", map[string]any{"_id": "g1", "name": "readers"}),
			store("groupStore", oc.name, "findById", "g1"),
			store("groupStore", oc.name, "remove", "g1"),
			store("roleStore", oc.name, "create", map[string]any{"name": "editor"}),
			store("roleStore", oc.name, "update", map[string]any{"_id": "r1", "name": "editor"}),
			store("roleStore", oc.name, "findById", "r1"),
			store("roleStore", oc.name, "remove", "r1"),
			store("roleStore", oc.name, "listMembers", "r1"),
		} {
			c.Options = oc.opts
			add(c)
		}
	}
	for _, module := range []string{"groupStore", "roleStore"} {
		for _, c := range []*call{
			store(module, "null", "create", nil),
			store(module, "zero", "create", 0),
			store(module, "null", "update", nil),
			store(module, "without _id", "update", map[string]any{"name": "x"}),
			store(module, "empty id", "findById", ""),
			store(module, "empty id", "remove", ""),
		} {
			add(c)
		}
	}
	add(store("roleStore", "empty id", "listMembers", ""))
	for _, oc := range optionCombos {
		g := store("groupStore", "from a group hook, "+oc.name, "findById", "g1")
		g.Options, g.Task = oc.opts, taskSpec{ObjectName: "group", Authorization: userAuth}
		add(g)
		r := store("roleStore", "from a roles hook, "+oc.name, "listMembers", "r1")
		r.Options, r.Task = oc.opts, taskSpec{ObjectName: "roles", Authorization: userAuth}
		add(r)
	}

	// endpointRunner
	ep := func(name, target string, a ...any) *call {
		return &call{Name: "endpointRunner.execute " + name, Module: "endpointRunner", Target: target, Fn: "execute", Args: args(a...)}
	}
	for _, oc := range optionCombos {
		c := ep(oc.name, "stats", map[string]any{"since": 1900})
		c.Options = oc.opts
		add(c)
	}
	for _, c := range []*call{
		ep("no body", "stats"),
		ep("undefined", "stats", undefined),
		ep("null", "stats", nil),
		ep("zero", "stats", 0),
		ep("empty string", "stats", ""),
		ep("a string", "stats", "text"),
		ep("an array", "stats", []int{1, 2}),
		ep("an answer", "stats", map[string]any{}),
		ep("an error", "stats", map[string]any{}),
	} {
		switch {
		case strings.HasSuffix(c.Name, "an answer"):
			c.Replies = ok(`{"books":4,"authors":3}`)
		case strings.HasSuffix(c.Name, "an error"):
			c.Replies = kinveyError(400, "BLRuntimeError", "The Business Logic script has a runtime error.", "stats failed")
		}
		add(c)
	}
	for _, oc := range optionCombos {
		rec := ep("from its own custom endpoint, "+oc.name, "stats")
		rec.Options, rec.Task = oc.opts, taskSpec{ObjectName: "stats", HookType: "customEndpoint", Authorization: userAuth}
		add(rec)
	}
	other := ep("from another custom endpoint", "stats")
	other.Task = taskSpec{ObjectName: "report", HookType: "customEndpoint", Authorization: userAuth}
	add(other)
	hook := ep("from a pre hook of the same name", "stats")
	hook.Task = taskSpec{ObjectName: "stats", HookType: "pre", Authorization: userAuth}
	add(hook)

	// email
	em := func(name string, a ...any) *call {
		return &call{Name: "email.send " + name, Module: "email", Fn: "send", Args: args(a...)}
	}
	for _, c := range []*call{
		em("required fields", "shop@example.com", "ann@example.com", "Your order", "Shipped."),
		em("every field", "shop@example.com", "ann@example.com", "Your order", "Shipped.", "help@example.com", "<p>Shipped.</p>", "cc@example.com", "bcc@example.com"),
		em("mailServerResponse", "a@x", "b@x", "s", "t"),
		em("mailServerResponse null", "a@x", "b@x", "s", "t"),
		em("302", "a@x", "b@x", "s", "t"),
		em("empty answer", "a@x", "b@x", "s", "t"),
		em("text answer", "a@x", "b@x", "s", "t"),
		em("400", "a@x", "b@x", "s", "t"),
		em("500 text", "a@x", "b@x", "s", "t"),
		em("500 empty", "a@x", "b@x", "s", "t"),
		em("no to", "a@x", nil, "s", "t"),
		em("no from", "", "b@x", "s", "t"),
		em("no subject", "a@x", "b@x", "", "t"),
		em("no body", "a@x", "b@x", "s"),
		em("nothing"),
	} {
		switch {
		case strings.HasSuffix(c.Name, "mailServerResponse"):
			c.Replies = ok(`{"mailServerResponse":"250 2.0.0 OK queued"}`)
		case strings.HasSuffix(c.Name, "mailServerResponse null"):
			c.Replies = ok(`{"mailServerResponse":null,"other":1}`)
		case strings.HasSuffix(c.Name, "302"):
			c.Replies = []replySpec{{Status: 302, Body: `{"mailServerResponse":"moved"}`}}
		case strings.HasSuffix(c.Name, "empty answer"):
			c.Replies = []replySpec{{Status: 200}}
		case strings.HasSuffix(c.Name, "text answer"):
			c.Replies = []replySpec{{Status: 200, Body: "sent"}}
		case strings.HasSuffix(c.Name, "400"):
			c.Replies = kinveyError(400, "BadRequest", "Unable to understand request", "invalid address")
		case strings.HasSuffix(c.Name, "500 text"):
			c.Replies = []replySpec{{Status: 500, Body: "mail server down"}}
		case strings.HasSuffix(c.Name, "500 empty"):
			c.Replies = []replySpec{{Status: 500}}
		}
		add(c)
	}

	// push
	pu := func(name, fn string, a ...any) *call {
		return &call{Name: "push." + fn + " " + name, Module: "push", Fn: fn, Args: args(a...)}
	}
	user := map[string]any{"_id": "u2", "username": "bob"}
	for _, c := range []*call{
		pu("one user", "sendMessage", user, "Your order shipped"),
		pu("users", "send", []any{user, map[string]any{"_id": "u3"}}, "Hello"),
		pu("a user id", "sendMessage", "u2", "Hello"),
		pu("an object message", "sendMessage", []any{user}, map[string]any{"alert": "hi", "badge": 2}),
		pu("an empty message", "sendMessage", user, ""),
		pu("no users", "sendMessage", nil, "Hello"),
		pu("undefined users", "send", undefined, "Hello"),
		pu("no message", "sendMessage", user, nil),
		pu("no message, undefined", "send", user),
		pu("payload", "sendPayload", user, map[string]any{"alert": "hi"}, map[string]any{"k": "v"}, map[string]any{"msg": "hi"}),
		pu("payload with null and undefined members", "sendPayload", []any{user}, nil, undefined, map[string]any{"msg": "hi"}),
		pu("payload without users", "sendPayload", nil, map[string]any{"alert": "hi"}),
		pu("", "broadcast", "Sale!"),
		pu("", "broadcastMessage", map[string]any{"alert": "Sale!"}),
		pu("null", "broadcastMessage", nil),
		pu("undefined", "broadcast"),
		pu("", "broadcastPayload", map[string]any{"alert": "hi"}, undefined, map[string]any{"msg": "hi"}),
		pu("nothing", "broadcastPayload"),
		pu("an answer", "sendMessage", user, "Hello"),
		pu("400", "sendMessage", user, "Hello"),
		pu("500 text", "broadcast", "Hello"),
		pu("text answer", "broadcast", "Hello"),
		pu("empty answer", "broadcast", "Hello"),
	} {
		switch {
		case strings.HasSuffix(c.Name, "an answer"):
			c.Replies = ok(`{"ios":{"sent":1},"android":{"sent":0}}`)
		case strings.HasSuffix(c.Name, "400"):
			c.Replies = kinveyError(400, "PushError", "Push is not configured", map[string]any{"platform": "ios"})
		case strings.HasSuffix(c.Name, "500 text"):
			c.Replies = []replySpec{{Status: 500, Body: "push down"}}
		case strings.HasSuffix(c.Name, "text answer"):
			c.Replies = []replySpec{{Status: 200, Body: "queued"}}
		case strings.HasSuffix(c.Name, "empty answer"):
			c.Replies = []replySpec{{Status: 200}}
		}
		add(c)
	}
	return calls
}
