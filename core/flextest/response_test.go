package flextest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/core/flextest"
)

// outcomes answers by entity id / handler name with each kind of answer the tests read.
func outcomes(opts ...core.Option) *core.Service {
	svc := core.NewService(opts...)
	svc.ServiceObject("things").OnGetByID(func(_ context.Context, r *core.DataRequest, c *core.Completion) {
		switch r.EntityID {
		case "missing":
			c.NotFound(map[string]string{"id": r.EntityID}).Done()
		case "panic":
			panic("boom")
		default:
			c.SetBody(map[string]string{"_id": r.EntityID}).OK().Done()
		}
	})
	svc.Function("set", func(_ context.Context, fc *core.FunctionContext, c *core.Completion) {
		c.SetBody(map[string]string{"set": "by hook"}).Next()
	})
	svc.Function("stop", func(_ context.Context, fc *core.FunctionContext, c *core.Completion) {
		c.Forbidden("no").Done()
	})
	svc.Function("hang", func(context.Context, *core.FunctionContext, *core.Completion) {})
	svc.Auth("deny", func(_ context.Context, _ *core.AuthRequest, c *core.AuthCompletion) {
		c.AccessDenied(map[string]int{"code": 7}).Done()
	})
	return svc
}

func TestResponseResultAndKinveyError(t *testing.T) {
	svc, logs := flextest.NewService(outcomes, core.WithConfig(core.Config{Timeout: 50 * time.Millisecond}))
	tests := []struct {
		name        string
		req         flextest.Request
		status      int
		cont, hook  bool
		result      string
		kinveyError string
		debug       string
	}{
		{"data ok", flextest.GetByID("things", "1"), 200, false, false, `{"_id":"1"}`, "", ""},
		{"data error", flextest.GetByID("things", "missing"), 404, false, false, "", "NotFound", `{"id":"missing"}`},
		{"panic", flextest.GetByID("things", "panic"), 500, false, false, "", "FlexRuntimeError", ""},
		{"pre hook next: the request body", flextest.PreHook("set", "POST", "things").WithBody(map[string]int{"a": 1}),
			200, true, true, `{"set":"by hook"}`, "", ""},
		{"post hook next: the response body", flextest.PostHook("set", "GET", "things").WithResponse(200, map[string]int{"a": 1}),
			200, true, true, `{"set":"by hook"}`, "", ""},
		{"custom endpoint done", flextest.CustomEndpoint("stop", nil), 403, false, true, "", "Forbidden", `"no"`},
		{"pre hook done", flextest.PreHook("stop", "DELETE", "things"), 403, false, true, "", "Forbidden", `"no"`},
		{"timeout: a bare error", flextest.CustomEndpoint("hang", nil), 500, false, false, "", "BLTimeoutError", ""},
		{"auth error", flextest.Auth("deny", "a", "b"), 401, false, false, "", "access_denied", ""},
		{"unknown route", flextest.GetByID("things", "1").WithMethod("PATCH"), 404, false, false, "", "NotFound", `"Cannot PATCH /things/1"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := flextest.Do(svc, tt.req)
			if res.Status != tt.status || res.Continue != tt.cont || (res.Hook != nil) != tt.hook {
				t.Fatalf("status %d continue %v hook %v: %s", res.Status, res.Continue, res.Hook != nil, res)
			}
			if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
				t.Errorf("content type %q", res.Header.Get("Content-Type"))
			}
			e, isErr := res.KinveyError()
			if tt.kinveyError == "" {
				if isErr {
					t.Errorf("an error %+v", e)
				}
				if got := string(res.Result()); got != tt.result {
					t.Errorf("result %s, want %s", got, tt.result)
				}
				var v map[string]any
				if err := res.DecodeResult(&v); err != nil {
					t.Errorf("DecodeResult: %v", err)
				}
				return
			}
			if !isErr || e.Error != tt.kinveyError {
				t.Fatalf("KinveyError %+v %v, want %s", e, isErr, tt.kinveyError)
			}
			if tt.debug != "" && string(e.Debug) != tt.debug {
				t.Errorf("debug %s, want %s", e.Debug, tt.debug)
			}
		})
	}
	if _, ok := logs.Find("panicked"); !ok {
		t.Errorf("the panic was not logged:\n%s", logs)
	}
}

func TestAuthErrorDescription(t *testing.T) {
	res := flextest.Do(outcomes(core.WithLogger(flextest.NewLogs().Logger())), flextest.Auth("deny", "a", "b"))
	e, ok := res.KinveyError()
	if !ok || e.ErrorDescriptionText() != `{"code":7}` || e.DebugText() != "" {
		t.Errorf("auth error %+v from %s", e, res)
	}
}

func TestDecodeErrors(t *testing.T) {
	res := flextest.Do(outcomes(), flextest.GetByID("things", "1"))
	var wrong []string
	if err := res.Decode(&wrong); err == nil || !strings.Contains(err.Error(), `{"_id":"1"}`) {
		t.Errorf("Decode into the wrong type: %v", err)
	}
	empty := &flextest.Response{Status: 200, Body: []byte(`{}`)}
	var v map[string]any
	if err := empty.DecodeResult(&v); err != nil {
		t.Errorf("DecodeResult of {}: %v", err)
	}
	hookless := &flextest.Response{Status: 200}
	if err := hookless.DecodeResult(&v); err == nil {
		t.Error("DecodeResult of nothing succeeded")
	}
}

func TestDoContextDeadlineBoundsTheBudget(t *testing.T) {
	svc := outcomes(core.WithLogger(flextest.NewLogs().Logger()), core.WithConfig(core.Config{TimeoutReserve: time.Millisecond}))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start := time.Now()
	res := flextest.DoContext(ctx, svc, flextest.CustomEndpoint("hang", nil))
	if e, _ := res.KinveyError(); res.Status != http.StatusInternalServerError || e.Error != "BLTimeoutError" {
		t.Fatalf("answer %s", res)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s", d)
	}
}

func TestRawBodyAndHeaderOverride(t *testing.T) {
	svc := outcomes(core.WithLogger(flextest.NewLogs().Logger()))
	res := flextest.Do(svc, flextest.Insert("things", nil).WithRawBody([]byte(`{"a":`)))
	if e, ok := res.KinveyError(); res.Status != 400 || !ok || e.Error != "BadRequest" {
		t.Errorf("malformed JSON: %s", res)
	}
	res = flextest.Do(svc, flextest.CustomEndpoint("set", nil).WithRawBody([]byte(`"text"`)))
	if res.Status != 400 || res.Hook != nil {
		t.Errorf("a scalar body: %s", res)
	}
	// A header set with WithHeader wins over the one the With methods build.
	probeSvc, got := probe(t)
	flextest.Do(probeSvc, flextest.GetAll("books").WithAppKey("from-with").WithHeader("X-Kinvey-App-Metadata", `{"_id":"from-header"}`))
	if got.appKey != "from-header" {
		t.Errorf("app key %q", got.appKey)
	}
	// App metadata that is not an object is sent as it is: the core then sees {}.
	flextest.Do(probeSvc, flextest.GetAll("books").WithAppMetadata([]int{1}))
	if got.appKey != "" {
		t.Errorf("app key %q from an array", got.appKey)
	}
}

func TestRequestsAreValues(t *testing.T) {
	base := flextest.GetAll("books").WithUser("bob", "u1").WithQuery(map[string]int{"a": 1})
	withSecret := base.WithSecret("s").WithLimit(3).WithOriginalHeader("x", "1").WithAppKey("k")
	_ = base.WithUser("eve", "u2")

	b := base.Core()
	if b.Header.Get("X-Auth-Key") != "" || b.Header.Get("X-Kinvey-Username") != "bob" ||
		b.RawQuery != "query=%7B%22a%22%3A1%7D" || b.Header.Get("X-Kinvey-Original-Request-Headers") != "" ||
		b.Header.Get("X-Kinvey-App-Metadata") != "" {
		t.Errorf("base request changed: %v %q", b.Header, b.RawQuery)
	}
	w := withSecret.Core()
	if w.Header.Get("X-Auth-Key") != "s" || w.RawQuery != "query=%7B%22a%22%3A1%7D&limit=3" ||
		w.Header.Get("X-Kinvey-Original-Request-Headers") != `{"x":"1"}` ||
		w.Header.Get("X-Kinvey-App-Metadata") != `{"_id":"k"}` {
		t.Errorf("derived request: %v %q", w.Header, w.RawQuery)
	}
	// Core can be called again: each call gives a fresh body.
	ins := flextest.Insert("books", map[string]string{"title": "Dune"})
	for range 2 {
		r := ins.Core()
		var v map[string]string
		if err := json.NewDecoder(r.Body).Decode(&v); err != nil || v["title"] != "Dune" || r.ContentLength != 16 {
			t.Fatalf("body %v %v, length %d", v, err, r.ContentLength)
		}
	}
}

func TestUnencodableBodyPanics(t *testing.T) {
	defer func() {
		if p := recover(); p == nil || !strings.Contains(p.(string), "flextest: cannot encode") {
			t.Errorf("recovered %v", p)
		}
	}()
	flextest.Insert("books", map[string]any{"f": func() {}})
}
