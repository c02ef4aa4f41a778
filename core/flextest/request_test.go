package flextest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"

	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/core/flextest"
)

// seen is what a probe handler saw of its request.
type seen struct {
	event      core.Event
	method     string
	entityID   string
	hasID      bool
	query      map[string]any
	body       string
	username   string
	userID     string
	requestID  string
	appID      string
	appKey     string
	security   core.SecurityContext
	version    string
	color      any
	original   string
	objectName string
	hookType   core.HookType
	temp       map[string]any
	headers    string
	password   string
	options    string
}

// probe is a service whose handlers record what they saw and answer it back as OK.
func probe(t *testing.T, opts ...core.Option) (*core.Service, *seen) {
	t.Helper()
	var got seen
	svc := core.NewService(append(opts, core.WithLogger(flextest.NewLogs().Logger()))...)
	task := func(tk *core.Task) {
		rc := tk.RequestContext()
		got.username, got.userID, got.requestID, got.appID = tk.Username, tk.UserID, tk.RequestID, tk.AppID
		got.appKey = tk.BackendContext().AppKey
		got.security = rc.SecurityContext()
		got.version = rc.ClientAppVersion().String()
		got.color, _ = rc.CustomRequestProperty("color")
		got.original = tk.OriginalHeader("X-Custom")
	}
	so := svc.ServiceObject("books")
	for _, e := range []core.Event{core.EventGetAll, core.EventGetByID, core.EventGetByQuery, core.EventGetCount,
		core.EventGetCountByQuery, core.EventInsert, core.EventInsertMany, core.EventUpdate,
		core.EventDeleteByID, core.EventDeleteByQuery, core.EventDeleteAll} {
		so.On(e, func(_ context.Context, r *core.DataRequest, c *core.Completion) {
			got = seen{event: e, method: r.Method, entityID: r.EntityID, hasID: r.HasEntityID, query: r.Query, body: string(r.Body)}
			task(r.Task)
			c.SetBody(map[string]string{"ok": "yes"}).OK().Next()
		})
	}
	svc.Function("hook", func(_ context.Context, fc *core.FunctionContext, c *core.Completion) {
		got = seen{method: fc.Method, entityID: fc.EntityID, body: string(fc.Body), objectName: fc.ObjectName,
			hookType: fc.HookType, temp: fc.TempObjectStore().All(), headers: string(fc.Headers)}
		if fc.Query != nil {
			_ = json.Unmarshal(fc.Query, &got.query)
		}
		task(fc.Task)
		c.Next()
	})
	svc.Auth("login", func(_ context.Context, r *core.AuthRequest, c *core.AuthCompletion) {
		got = seen{method: r.Method, password: r.Credentials.Password, options: string(r.Options)}
		task(r.Task)
		got.username = r.Credentials.Username // the credentials' username, not X-Kinvey-Username
		c.OK().Done()
	})
	return svc, &got
}

func TestDataRequestsReachTheirEvent(t *testing.T) {
	filter := map[string]any{"author": "Jane Austen"}
	const filterText = `{"author":"Jane Austen"}`
	tests := []struct {
		req  flextest.Request
		want seen
	}{
		{flextest.GetAll("books"), seen{event: core.EventGetAll, method: "GET"}},
		{flextest.GetByID("books", "a/b c"), seen{event: core.EventGetByID, method: "GET", entityID: "a/b c", hasID: true}},
		{flextest.GetByQuery("books", filter).WithSort(map[string]int{"year": -1}).WithLimit(2).WithSkip(1),
			seen{event: core.EventGetByQuery, method: "GET", query: map[string]any{
				"query": filterText, "sort": `{"year":-1}`, "limit": "2", "skip": "1"}}},
		{flextest.GetCount("books"), seen{event: core.EventGetCount, method: "GET"}},
		{flextest.GetCountByQuery("books", filter), seen{event: core.EventGetCountByQuery, method: "GET", query: map[string]any{"query": filterText}}},
		{flextest.Insert("books", map[string]string{"title": "Dune"}), seen{event: core.EventInsert, method: "POST", body: `{"title":"Dune"}`}},
		{flextest.InsertMany("books", []map[string]string{{"title": "A"}, {"title": "B"}}),
			seen{event: core.EventInsertMany, method: "POST", body: `[{"title":"A"},{"title":"B"}]`}},
		{flextest.Update("books", "7", map[string]string{"title": "Emma"}),
			seen{event: core.EventUpdate, method: "PUT", entityID: "7", hasID: true, body: `{"title":"Emma"}`}},
		{flextest.DeleteByID("books", "7"), seen{event: core.EventDeleteByID, method: "DELETE", entityID: "7", hasID: true}},
		{flextest.DeleteByQuery("books", `{"year":1965}`), seen{event: core.EventDeleteByQuery, method: "DELETE", query: map[string]any{"query": `{"year":1965}`}}},
		{flextest.DeleteAll("books"), seen{event: core.EventDeleteAll, method: "DELETE"}},
		{flextest.GetAll("books").WithParam("fields", "title").WithParam("fields", "year"),
			seen{event: core.EventGetByQuery, method: "GET", query: map[string]any{"fields": "year"}}},
	}
	for _, tt := range tests {
		t.Run(tt.req.String(), func(t *testing.T) {
			svc, got := probe(t)
			res := flextest.Do(svc, tt.req)
			if res.Status != http.StatusOK || string(res.Body) != `{"ok":"yes"}` {
				t.Fatalf("answer %s", res)
			}
			tt.want.security = core.SecurityUnknown
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("handler saw\n%+v\nwant\n%+v", *got, tt.want)
			}
		})
	}
}

func TestKinveyHeaders(t *testing.T) {
	svc, got := probe(t)
	req := flextest.GetAll("books").
		WithUser("bob", "u1").
		WithRequestID("req-1").
		WithEnvironmentID("kid_env").
		WithMasterSecret("kid_app", "master").
		WithClientAppVersion("2.10.1").
		WithCustomRequestProperties(map[string]string{"color": "red"}).
		WithOriginalHeader("X-Custom", "one").
		WithOriginalHeader("x-custom", "two") // replaces, without regard to case
	if res := flextest.Do(svc, req); res.Status != 200 {
		t.Fatalf("answer %s", res)
	}
	want := seen{event: core.EventGetAll, method: "GET", username: "bob", userID: "u1", requestID: "req-1",
		appID: "kid_env", appKey: "kid_app", security: core.SecurityMaster, version: "2.10.1",
		color: json.RawMessage(`"red"`), original: "two"}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("handler saw\n%+v\nwant\n%+v", *got, want)
	}

	flextest.Do(svc, flextest.GetAll("books").WithAppSecret("kid_app", "appsecret"))
	if got.security != core.SecurityApp {
		t.Errorf("security context %q with the app secret", got.security)
	}
	flextest.Do(svc, flextest.GetAll("books").WithAppKey("kid_app").WithBasicAuth("someone", "pw"))
	if got.security != core.SecurityUser || got.appKey != "kid_app" {
		t.Errorf("security context %q, app key %q with a user's credentials", got.security, got.appKey)
	}
}
