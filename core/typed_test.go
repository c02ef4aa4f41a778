package core_test

import (
	"context"
	"strings"
	"testing"

	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/core/flextest"
)

type typedBook struct {
	ID    string   `json:"_id,omitempty"`
	Title string   `json:"title"`
	Year  int      `json:"year,omitempty"`
	Tags  []string `json:"tags,omitempty"`
}

type typedCount struct {
	Count int `json:"count"`
}

// typedService registers typed handlers; ran counts the handler runs.
func typedService() (*core.Service, *int) {
	ran := 0
	svc, _ := flextest.NewService(core.NewService)
	svc.ServiceObject("books").
		OnInsert(core.Typed(func(_ context.Context, _ *core.DataRequest, b typedBook, c *core.Reply[typedBook]) {
			ran++
			if b.Title == "" {
				c.BadRequest("a book needs a title").Done()
				return
			}
			b.ID = "new"
			c.SetBody(b).Created().Next()
		})).
		OnInsertMany(core.Typed(func(_ context.Context, _ *core.DataRequest, bs []typedBook, c *core.Reply[typedCount]) {
			ran++
			c.SetBody(typedCount{len(bs)}).Created().Next()
		})).
		OnGetAll(core.Typed(func(_ context.Context, r *core.DataRequest, _ core.NoBody, c *core.Reply[[]typedBook]) {
			ran++
			var none []typedBook // nil: answers []
			c.SetBody(none).OK().Next()
		})).
		OnGetByID(core.Typed(func(_ context.Context, r *core.DataRequest, _ core.NoBody, c *core.Reply[typedBook]) {
			ran++
			if r.EntityID != "1" {
				c.NotFound("no book " + r.EntityID).Next()
				return
			}
			c.SetBody(typedBook{ID: "1", Title: "Dune"}).OK().Next()
		})).
		OnGetCount(core.Typed(func(_ context.Context, _ *core.DataRequest, m map[string]int, c *core.Reply[map[string]int]) {
			ran++
			c.SetBody(m).OK().Next() // m is nil: no body on a count; answers {}
		})).
		OnUpdate(core.Typed(func(_ context.Context, r *core.DataRequest, b *typedBook, c *core.Reply[*typedBook]) {
			ran++
			b.ID = r.EntityID
			c.SetBody(b).OK().Next()
		}))
	return svc, &ran
}

func TestTypedData(t *testing.T) {
	tests := []struct {
		name   string
		req    flextest.Request
		status int
		body   string // the exact answer, or for errors the error name
		debug  string // a piece of the debug text
		ran    int
	}{
		{"insert", flextest.Insert("books", typedBook{Title: "Dune", Year: 1965}), 201, `{"_id":"new","title":"Dune","year":1965}`, "", 1},
		{"insert without a title: the handler's own 400", flextest.Insert("books", map[string]any{}), 400, "BadRequest", "a book needs a title", 1},
		{"insert with no body at all", flextest.Insert("books", nil).WithRawBody(nil), 400, "BadRequest", "a book needs a title", 1},
		{"a field of the wrong type", flextest.Insert("books", map[string]any{"title": "Dune", "year": "1965"}), 400, "BadRequest",
			`the body does not decode into core_test.typedBook: field "year" must be a number, not string`, 0},
		{"a nested field of the wrong type", flextest.Insert("books", map[string]any{"title": "Dune", "tags": []int{1}}), 400, "BadRequest",
			`field "tags" must be a string, not number`, 0},
		{"insert many", flextest.InsertMany("books", []typedBook{{Title: "A"}, {Title: "B"}}), 201, `{"count":2}`, "", 1},
		{"insert many, an element of the wrong type", flextest.InsertMany("books", []any{typedBook{Title: "A"}, 7}), 400, "BadRequest",
			"must be an object, not number", 0},
		{"a list where an object is wanted", flextest.Update("books", "1", []int{1, 2}), 400, "BadRequest",
			"the body does not decode into *core_test.typedBook: it must be an object, not array", 0},
		{"update through a pointer", flextest.Update("books", "9", typedBook{Title: "Emma"}), 200, `{"_id":"9","title":"Emma"}`, "", 1},
		{"a nil slice answers []", flextest.GetAll("books"), 200, `[]`, "", 1},
		{"a nil map answers {}", flextest.GetCount("books"), 200, `{}`, "", 1},
		{"NoBody", flextest.GetByID("books", "1"), 200, `{"_id":"1","title":"Dune"}`, "", 1},
		{"the builder's error methods", flextest.GetByID("books", "2"), 404, "NotFound", "no book 2", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, ran := typedService()
			res := flextest.Do(svc, tt.req)
			if res.Status != tt.status {
				t.Fatalf("status %d, want %d: %s", res.Status, tt.status, res)
			}
			if *ran != tt.ran {
				t.Errorf("handler ran %d times, want %d", *ran, tt.ran)
			}
			if tt.status < 300 {
				if string(res.Body) != tt.body {
					t.Errorf("body %s, want %s", res.Body, tt.body)
				}
				return
			}
			e, ok := res.KinveyError()
			if !ok || e.Error != tt.body || !strings.Contains(e.DebugText(), tt.debug) || e.Description == "" {
				t.Errorf("error %+v, want %s with debug containing %q", e, tt.body, tt.debug)
			}
		})
	}
}

func TestTypedFunction(t *testing.T) {
	ran := 0
	svc, _ := flextest.NewService(core.NewService)
	svc.Function("stamp", core.TypedFunction(func(_ context.Context, fc *core.FunctionContext, b typedBook, c *core.Reply[typedBook]) {
		ran++
		b.Tags = append(b.Tags, "stamped by "+fc.Username)
		c.SetBody(b).Next()
	}))
	svc.Function("years", core.TypedFunction(func(_ context.Context, fc *core.FunctionContext, bs []typedBook, c *core.Reply[[]int]) {
		ran++
		var years []int
		for _, b := range bs {
			years = append(years, b.Year)
		}
		c.SetBody(years).OK().Done()
	}))

	// A pre hook's Next hands the typed body on as the request's.
	res := flextest.Do(svc, flextest.PreHook("stamp", "POST", "books").WithBody(typedBook{Title: "Dune"}).WithUser("bob", "u1"))
	var b typedBook
	if err := res.DecodeResult(&b); err != nil || !res.Continue || b.Title != "Dune" || len(b.Tags) != 1 || b.Tags[0] != "stamped by bob" {
		t.Errorf("pre hook: %+v %v from %s", b, err, res)
	}

	// A post hook decodes Kinvey's answer.
	res = flextest.Do(svc, flextest.PostHook("years", "GET", "books").WithResponse(200, []typedBook{{Year: 1965}, {Year: 1815}}))
	if got := string(res.Result()); got != `[1965,1815]` || res.Continue {
		t.Errorf("post hook result %s continue %v", got, res.Continue)
	}
	// An empty answer list answers [], not null.
	res = flextest.Do(svc, flextest.PostHook("years", "GET", "books").WithResponse(200, []typedBook{}))
	if got := string(res.Result()); got != `[]` {
		t.Errorf("post hook with no books: %s", got)
	}

	// A body that does not decode stops the request: 400, Done, the handler does not run.
	ran = 0
	res = flextest.Do(svc, flextest.PreHook("stamp", "POST", "books").WithBody(map[string]any{"title": 1}))
	e, ok := res.KinveyError()
	if res.Status != 400 || res.Continue || !ok || e.Error != "BadRequest" ||
		!strings.Contains(e.DebugText(), `field "title" must be a string, not number`) || ran != 0 {
		t.Errorf("undecodable hook body: %s (ran %d)", res, ran)
	}
}

type loginOptions struct {
	Scope string `json:"scope"`
	TTL   int    `json:"ttl"`
}

func TestTypedAuth(t *testing.T) {
	ran := 0
	svc, _ := flextest.NewService(core.NewService)
	svc.Auth("login", core.TypedAuth(func(_ context.Context, r *core.AuthRequest, o loginOptions, c *core.AuthCompletion) {
		ran++
		if r.Credentials.Password != "pw" {
			c.AccessDenied("bad credentials").Done()
			return
		}
		c.SetToken(map[string]any{"access_token": "t-" + r.Credentials.Username, "scope": o.Scope, "ttl": o.TTL}).OK().Done()
	}))
	tests := []struct {
		name   string
		req    flextest.Request
		status int
		body   string
		ran    int
	}{
		{"options", flextest.Auth("login", "ann", "pw").WithOptions(loginOptions{Scope: "read", TTL: 60}), 200,
			`{"token":{"access_token":"t-ann","scope":"read","ttl":60},"authenticated":true}`, 1},
		{"no options: the zero value", flextest.Auth("login", "ann", "pw"), 200,
			`{"token":{"access_token":"t-ann","scope":"","ttl":0},"authenticated":true}`, 1},
		{"null options", flextest.Auth("login", "ann", "pw").WithOptions(nil), 200,
			`{"token":{"access_token":"t-ann","scope":"","ttl":0},"authenticated":true}`, 1},
		{"bad credentials", flextest.Auth("login", "ann", "guess"), 401, `{"error":"access_denied","error_description":"bad credentials"}`, 1},
		{"options that do not decode", flextest.Auth("login", "ann", "pw").WithOptions(map[string]string{"ttl": "soon"}), 401,
			`{"error":"server_error","error_description":"the body does not decode into core_test.loginOptions: field \"ttl\" must be a number, not string"}`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ran = 0
			res := flextest.Do(svc, tt.req)
			if res.Status != tt.status || string(res.Body) != tt.body || ran != tt.ran {
				t.Errorf("got %s (ran %d), want %d %s (ran %d)", res, ran, tt.status, tt.body, tt.ran)
			}
		})
	}
}

func TestTypedNilHandlerPanics(t *testing.T) {
	for name, register := range map[string]func(){
		"Typed":         func() { core.Typed[typedBook, typedBook](nil) },
		"TypedFunction": func() { core.TypedFunction[typedBook, typedBook](nil) },
		"TypedAuth":     func() { core.TypedAuth[loginOptions](nil) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if p := recover(); p == nil || !strings.HasPrefix(p.(string), "core: "+name) {
					t.Errorf("recovered %v", p)
				}
			}()
			register()
		})
	}
}

// FuzzTyped sends arbitrary bodies to the typed insert handlers: every answer is 201 or a 400
// Kinvey error, never a panic or a 5xx.
func FuzzTyped(f *testing.F) {
	for _, seed := range []string{`{}`, `[]`, `{"title":"Dune","year":1965}`, `{"year":"x"}`, `{"tags":[1]}`,
		`{"title":null}`, `{"year":1e400}`, `{"year":-1.5}`, `"text"`, `null`, `{"title":"\ud800"}`, `[{"a":1}]`, `{`} {
		f.Add([]byte(seed))
	}
	svc, _ := typedService()
	f.Fuzz(func(t *testing.T, body []byte) {
		res := flextest.Do(svc, flextest.Insert("books", nil).WithRawBody(body))
		switch res.Status {
		case 201: // a book (onInsert) or a count (onInsertMany, for an array)
			var b struct {
				typedBook
				Count *int `json:"count"`
			}
			if err := res.Decode(&b); err != nil || (b.Count == nil && (b.ID != "new" || b.Title == "")) {
				t.Fatalf("201 with %s: %v", res, err)
			}
		case 400:
			if e, ok := res.KinveyError(); !ok || e.Error != "BadRequest" {
				t.Fatalf("400 that is not a Kinvey error: %s", res)
			}
		default:
			t.Fatalf("answer %s to %q", res, body)
		}
	})
}
