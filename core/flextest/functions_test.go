package flextest_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/core/flextest"
)

func TestHookRequestsCarryTheirContext(t *testing.T) {
	tests := []struct {
		name string
		req  flextest.Request
		want seen
	}{
		{"pre hook", flextest.PreHook("hook", "PUT", "books").
			WithEntityID("7").
			WithBody(map[string]string{"title": "Dune"}).
			WithQuery(map[string]int{"year": 1965}).WithLimit(5).
			WithTempObjectStore(map[string]any{"seen": true}).
			WithUser("bob", "u1"),
			seen{method: "PUT", entityID: "7", body: `{"title":"Dune"}`, objectName: "books", hookType: core.HookPre,
				query: map[string]any{"query": `{"year":1965}`, "limit": "5"},
				temp:  map[string]any{"seen": json.RawMessage("true")}, headers: "{}",
				username: "bob", userID: "u1", security: core.SecurityUnknown}},
		{"post hook", flextest.PostHook("hook", "GET", "books").
			WithResponse(200, []map[string]string{{"_id": "1"}}).
			WithResponseHeaders(map[string]string{"x-kinvey-api-version": "5"}),
			seen{method: "GET", body: `[{"_id":"1"}]`, objectName: "books", hookType: core.HookPost,
				temp: map[string]any{}, headers: `{"x-kinvey-api-version":"5"}`, security: core.SecurityUnknown}},
		{"custom endpoint", flextest.CustomEndpoint("hook", map[string]int{"n": 1}).
			WithOriginalHeader("X-Custom", "c"),
			seen{method: "POST", body: `{"n":1}`, hookType: core.HookCustomEndpoint, temp: map[string]any{},
				headers: `{"X-Custom":"c"}`, original: "c", security: core.SecurityUnknown}},
		{"custom endpoint without a body", flextest.CustomEndpoint("hook", nil),
			// Node hands the handler Kinvey's whole request body then.
			seen{method: "POST", body: `{"hookType":"customEndpoint","method":"POST"}`, hookType: core.HookCustomEndpoint,
				temp: map[string]any{}, headers: "{}", security: core.SecurityUnknown}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, got := probe(t)
			res := flextest.Do(svc, tt.req)
			if res.Status != 200 || res.Hook == nil || !res.Continue {
				t.Fatalf("answer %s", res)
			}
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("handler saw\n%+v\nwant\n%+v", *got, tt.want)
			}
		})
	}
}

func TestAuthRequest(t *testing.T) {
	svc, got := probe(t)
	res := flextest.Do(svc, flextest.Auth("login", "ann", "pw").WithOptions(map[string]string{"scope": "read"}).WithUser("kinvey-user", "k1"))
	if res.Status != 200 || string(res.Body) != `{"token":{},"authenticated":true}` {
		t.Fatalf("answer %s", res)
	}
	want := seen{method: "POST", username: "ann", password: "pw", options: `{"scope":"read"}`, userID: "k1", security: core.SecurityUnknown}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("handler saw\n%+v\nwant\n%+v", *got, want)
	}

	// WithBody replaces the whole auth body, for bodies Kinvey would not send.
	flextest.Do(svc, flextest.Auth("login", "ann", "pw").WithBody(map[string]any{"username": 7, "password": "x"}))
	if got.username != "" || got.password != "x" {
		t.Errorf("with a number for username the handler saw %+v", *got)
	}
}

func TestDiscoverAndHealthcheck(t *testing.T) {
	svc, _ := probe(t)
	res := flextest.Do(svc, flextest.Discover())
	var d core.Discovery
	if err := res.Decode(&d); err != nil || res.Status != 200 {
		t.Fatalf("discovery %s: %v", res, err)
	}
	if !reflect.DeepEqual(d.DataLink.ServiceObjects, []string{"books"}) ||
		!reflect.DeepEqual(d.BusinessLogic.Handlers, []string{"hook"}) ||
		!reflect.DeepEqual(d.Auth.Handlers, []string{"login"}) {
		t.Errorf("discovery %+v", d)
	}
	if res := flextest.Do(svc, flextest.Healthcheck()); res.Status != 200 || string(res.Body) != `{"healthy":true}` {
		t.Errorf("healthcheck %s", res)
	}
}
