package core

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestServeErrorsAreKinveyJSON(t *testing.T) {
	svc, _ := newTestService(t, Config{SharedSecret: "s3cret", BodyLimit: 64})
	svc.ServiceObject("books").OnInsert(func(_ context.Context, r *DataRequest, c *Completion) {
		c.SetBody(r.Body).Created().Done()
	})
	key := map[string]string{"X-Auth-Key": "s3cret"}
	tests := []struct {
		name   string
		req    testRequest
		status int
		kind   string
	}{
		{"malformed JSON", testRequest{method: "POST", path: "/books", header: key, body: "{bad"}, 400, "BadRequest"},
		{"JSON scalar", testRequest{method: "POST", path: "/books", header: key, body: `"str"`}, 400, "BadRequest"},
		{"JSON number", testRequest{method: "POST", path: "/books", header: key, body: `5`}, 400, "BadRequest"},
		{"over the limit", testRequest{method: "POST", path: "/books", header: key, body: `{"a":"` + strings.Repeat("x", 64) + `"}`}, 413, "EntityTooLarge"},
		{"unknown route", testRequest{method: "GET", path: "/", header: key}, 404, "NotFound"},
		{"unknown method", testRequest{method: "PATCH", path: "/books", header: key}, 404, "NotFound"},
		{"bad escape", testRequest{method: "GET", path: "/books/%E0%A4%A", header: key}, 400, "BadRequest"},
		{"latin1", testRequest{method: "POST", path: "/books", header: map[string]string{"X-Auth-Key": "s3cret", "Content-Type": "application/json; charset=latin1"}, body: "{}"}, 415, "UnsupportedMediaType"},
		{"unknown encoding", testRequest{method: "POST", path: "/books", header: map[string]string{"X-Auth-Key": "s3cret", "Content-Encoding": "br"}, body: "{}"}, 415, "UnsupportedMediaType"},
		{"corrupt gzip", testRequest{method: "POST", path: "/books", header: map[string]string{"X-Auth-Key": "s3cret", "Content-Encoding": "gzip"}, body: "{}"}, 400, "BadRequest"},
		{"no secret", testRequest{method: "GET", path: "/books"}, 401, "InvalidCredentials"},
		{"wrong secret", testRequest{method: "GET", path: "/books", header: map[string]string{"X-Auth-Key": "s3cre"}}, 401, "InvalidCredentials"},
		{"unknown event", testRequest{method: "GET", path: "/books/1", header: key}, 501, "NotImplemented"},
		{"unknown object", testRequest{method: "GET", path: "/nope", header: key}, 501, "NotImplemented"},
		{"HEAD on data", testRequest{method: "HEAD", path: "/books", header: key}, 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := serve(t, svc, tt.req)
			if tt.req.method == "HEAD" {
				if resp.Status != tt.status || len(resp.Body) != 0 {
					t.Fatalf("HEAD: %d %q", resp.Status, resp.Body)
				}
				return
			}
			requireKinveyError(t, resp, body, tt.status, tt.kind)
		})
	}
}

func TestServeGzipBody(t *testing.T) {
	svc, _ := newTestService(t, Config{})
	svc.ServiceObject("books").OnInsert(func(_ context.Context, r *DataRequest, c *Completion) {
		c.SetBody(r.Body).Created().Done()
	})
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	_, _ = zw.Write([]byte(`{"title":"Dune"}`))
	_ = zw.Close()
	resp, body := serve(t, svc, testRequest{method: "POST", path: "/books",
		header: map[string]string{"Content-Encoding": "gzip"}, body: zipped.String()})
	if resp.Status != 201 || body["title"] != "Dune" {
		t.Fatalf("%d %s", resp.Status, resp.Body)
	}
}

func TestServeNonJSONContentTypeIsEmptyObject(t *testing.T) {
	svc, _ := newTestService(t, Config{})
	svc.ServiceObject("books").OnInsert(func(_ context.Context, r *DataRequest, c *Completion) {
		c.SetBody(r.Body).Created().Done()
	})
	resp, _ := serve(t, svc, testRequest{method: "POST", path: "/books",
		header: map[string]string{"Content-Type": "text/plain"}, body: "{bad"})
	if resp.Status != 201 || string(resp.Body) != "{}" {
		t.Fatalf("%d %s", resp.Status, resp.Body)
	}
}

func TestTimeoutBudgetAnswersAndCancels(t *testing.T) {
	bothWays(t, func(t *testing.T, inline bool) {
		svc, logs := newTestService(t, Config{Timeout: 50 * time.Millisecond})
		cancelled := make(chan struct{})
		late := make(chan struct{})
		var ctxErr error
		var hasDeadline bool
		svc.Function("hang", func(ctx context.Context, _ *FunctionContext, c *Completion) {
			_, hasDeadline = ctx.Deadline()
			<-ctx.Done()
			ctxErr = ctx.Err()
			close(cancelled)
			c.OK().Done() // too late: logged, ignored
			close(late)
		})
		resp, body := serve(t, svc, testRequest{inline: inline, method: "POST", path: "/_flexFunctions/hang", body: "{}"})
		requireKinveyError(t, resp, body, 500, "BLTimeoutError")
		select {
		case <-cancelled:
		case <-time.After(5 * time.Second):
			t.Fatal("the handler's context was not cancelled")
		}
		<-late
		if !hasDeadline || !errors.Is(ctxErr, context.DeadlineExceeded) {
			t.Fatalf("handler context: deadline %v, err %v", hasDeadline, ctxErr)
		}
		if !strings.Contains(logs.String(), "completed after its timeout budget ran out") {
			t.Fatalf("late completion not logged: %s", logs)
		}
	})
}

func TestCallerGoneCancelsHandler(t *testing.T) {
	bothWays(t, func(t *testing.T, inline bool) {
		svc, _ := newTestService(t, Config{})
		cancelled := make(chan struct{})
		svc.Function("wait", func(ctx context.Context, _ *FunctionContext, _ *Completion) {
			<-ctx.Done()
			close(cancelled)
		})
		ctx, cancel := context.WithCancel(context.Background())
		go func() { time.Sleep(20 * time.Millisecond); cancel() }()
		resp, _ := serveCtx(ctx, t, svc, testRequest{inline: inline, method: "POST", path: "/_flexFunctions/wait", body: "{}"})
		if resp.Status != 500 {
			t.Fatalf("status %d", resp.Status)
		}
		select {
		case <-cancelled:
		case <-time.After(5 * time.Second):
			t.Fatal("handler context not cancelled")
		}
	})
}

func TestPanicAnswersJSONAndServiceGoesOn(t *testing.T) {
	bothWays(t, func(t *testing.T, inline bool) {
		svc, logs := newTestService(t, Config{})
		svc.Function("boom", func(context.Context, *FunctionContext, *Completion) {
			panic("secret internal detail")
		})
		svc.Function("ok", func(_ context.Context, _ *FunctionContext, c *Completion) { c.OK().Done() })
		for i := 0; i < 3; i++ {
			resp, body := serve(t, svc, testRequest{inline: inline, method: "POST", path: "/_flexFunctions/boom", body: "{}",
				header: map[string]string{"X-Kinvey-Request-Id": "req-9"}})
			requireKinveyError(t, resp, body, 500, "FlexRuntimeError")
			if strings.Contains(string(resp.Body), "secret internal detail") || strings.Contains(string(resp.Body), "goroutine") {
				t.Fatalf("panic text reached the caller: %s", resp.Body)
			}
			if !strings.Contains(string(resp.Body), "req-9") {
				t.Fatalf("the answer does not say where to look: %s", resp.Body)
			}
		}
		if resp, _ := serve(t, svc, testRequest{inline: inline, method: "POST", path: "/_flexFunctions/ok", body: "{}"}); resp.Status != 200 {
			t.Fatalf("service stopped answering: %d", resp.Status)
		}
		if !strings.Contains(logs.String(), "secret internal detail") || !strings.Contains(logs.String(), "goroutine") {
			t.Fatalf("panic and stack not logged: %s", logs)
		}
	})
}

func TestCompletionExactlyOnce(t *testing.T) {
	bothWays(t, func(t *testing.T, inline bool) {
		svc, logs := newTestService(t, Config{})
		second := make(chan struct{})
		svc.ServiceObject("books").OnGetAll(func(_ context.Context, _ *DataRequest, c *Completion) {
			c.SetBody([]string{"first"}).OK().Done()
			c.SetBody([]string{"second"}).Created().Next()
			close(second)
		})
		resp, _ := serve(t, svc, testRequest{inline: inline, method: "GET", path: "/books"})
		<-second
		if resp.Status != 200 || string(resp.Body) != `["first"]` {
			t.Fatalf("%d %s", resp.Status, resp.Body)
		}
		if !strings.Contains(logs.String(), "Invoked done() or next() more than once to the same Flex Data handler GET for books") {
			t.Fatalf("second completion not logged: %s", logs)
		}
	})
}

func TestCompleteFromAnotherGoroutine(t *testing.T) {
	bothWays(t, func(t *testing.T, inline bool) {
		svc, _ := newTestService(t, Config{})
		svc.Auth("slow", func(_ context.Context, r *AuthRequest, c *AuthCompletion) {
			go func() {
				time.Sleep(5 * time.Millisecond)
				c.SetToken(map[string]string{"access_token": "t-" + r.Credentials.Username}).OK().Done()
			}()
		})
		resp, body := serve(t, svc, testRequest{inline: inline, method: "POST", path: "/_auth/slow", body: `{"username":"ann","password":"x"}`})
		if resp.Status != 200 || body["authenticated"] != true {
			t.Fatalf("%d %s", resp.Status, resp.Body)
		}
	})
}

func TestTwoServicesInOneProcess(t *testing.T) {
	a, _ := newTestService(t, Config{SharedSecret: "a"})
	b, _ := newTestService(t, Config{SharedSecret: "b"})
	a.Function("f", func(_ context.Context, _ *FunctionContext, c *Completion) { c.SetBody("a").Done() })
	b.Auth("g", func(_ context.Context, _ *AuthRequest, c *AuthCompletion) { c.OK().Done() })
	da, db := a.Discover(), b.Discover()
	if len(da.BusinessLogic.Handlers) != 1 || len(da.Auth.Handlers) != 0 || len(db.Auth.Handlers) != 1 || len(db.BusinessLogic.Handlers) != 0 {
		t.Fatalf("registries shared: %+v %+v", da, db)
	}
	if resp, _ := serve(t, a, testRequest{method: "POST", path: "/_flexFunctions/f", body: "{}", header: map[string]string{"X-Auth-Key": "b"}}); resp.Status != 401 {
		t.Fatalf("service a accepted b's secret: %d", resp.Status)
	}
}

func TestDiscovery(t *testing.T) {
	svc, _ := newTestService(t, Config{SharedSecret: "k"})
	svc.ServiceObject("b")
	svc.ServiceObject("a")
	svc.Function("z", func(context.Context, *FunctionContext, *Completion) {})
	svc.Function("y", func(context.Context, *FunctionContext, *Completion) {})
	svc.Auth("x", func(context.Context, *AuthRequest, *AuthCompletion) {})
	serve(t, svc, testRequest{method: "GET", path: "/unknown", header: map[string]string{"X-Auth-Key": "k"}})
	resp, _ := serve(t, svc, testRequest{method: "POST", path: "/_command/discover"})
	want := `{"dataLink":{"serviceObjects":["b","a"]},"businessLogic":{"handlers":["z","y"]},"auth":{"handlers":["x"]}}`
	if resp.Status != 200 || string(resp.Body) != want {
		t.Fatalf("%d %s", resp.Status, resp.Body)
	}

	strict, _ := newTestService(t, Config{SharedSecret: "k", RequireSecretForDiscovery: true})
	resp, body := serve(t, strict, testRequest{method: "POST", path: "/_command/discover"})
	requireKinveyError(t, resp, body, 401, "InvalidCredentials")
	if resp, _ := serve(t, strict, testRequest{method: "POST", path: "/_command/discover", header: map[string]string{"X-Auth-Key": "k"}}); resp.Status != 200 {
		t.Fatalf("with the secret: %d", resp.Status)
	}
}

func TestFunctionsAnswerCarriesRequestAndResponse(t *testing.T) {
	svc, _ := newTestService(t, Config{})
	svc.Function("pre", func(_ context.Context, fc *FunctionContext, c *Completion) {
		fc.TempObjectStore().Set("seen", true)
		c.SetBody(map[string]any{"rewritten": true}).SetQuery(map[string]any{"query": map[string]int{"a": 1}}).Next()
	})
	resp, _ := serve(t, svc, testRequest{method: "POST", path: "/_flexFunctions/pre",
		body: `{"hookType":"pre","body":{"x":1},"objectName":"books","tempObjectStore":{"k":"v"}}`})
	var got struct {
		Request struct {
			Body            map[string]any `json:"body"`
			Query           map[string]any `json:"query"`
			Params          map[string]any `json:"params"`
			TempObjectStore map[string]any `json:"tempObjectStore"`
		} `json:"request"`
		Response struct {
			Continue   bool `json:"continue"`
			StatusCode int  `json:"statusCode"`
		} `json:"response"`
	}
	if err := json.Unmarshal(resp.Body, &got); err != nil {
		t.Fatal(err)
	}
	if got.Request.Body["rewritten"] != true || got.Request.Query["query"] != `{"a":1}` ||
		got.Request.Params["query"] != `{"a":1}` || got.Request.TempObjectStore["seen"] != true ||
		got.Request.TempObjectStore["k"] != "v" || !got.Response.Continue || got.Response.StatusCode != 200 {
		t.Fatalf("%s", resp.Body)
	}
}

func TestHealthAndOptions(t *testing.T) {
	svc, _ := newTestService(t, Config{SharedSecret: "k"})
	if resp, body := serve(t, svc, testRequest{method: "GET", path: "/healthcheck"}); resp.Status != 200 || body["healthy"] != true {
		t.Fatalf("%d %s", resp.Status, resp.Body)
	}
	if resp, _ := serve(t, svc, testRequest{method: "HEAD", path: "/healthcheck"}); resp.Status != 200 || len(resp.Body) != 0 {
		t.Fatalf("HEAD %d %q", resp.Status, resp.Body)
	}
	resp, _ := serve(t, svc, testRequest{method: "OPTIONS", path: "/books/1"})
	if resp.Status != http.StatusOK || resp.Header.Get("Allow") != "GET,HEAD,PUT,DELETE" {
		t.Fatalf("%d %v", resp.Status, resp.Header)
	}
}

func FuzzServe(f *testing.F) {
	f.Add("GET", "/books/1", "query=%7B%7D", `{}`, `{"_id":"kid"}`, `{"authorization":"Basic a2lk"}`)
	f.Add("POST", "/_flexFunctions/f", "", `{"body":"x","hookType":"post","response":{"body":"[1]"}}`, "", "")
	f.Add("POST", "/_flexFunctions/f", "", `{"query":[[1]],"method":5}`, "null", "5")
	f.Add("POST", "/_auth/a", "a[b]=1", `{"username":{},"password":[]}`, "", "")
	f.Add("POST", "/books", "", `[1,"ab",[2]]`, "x", "[")
	f.Add("PUT", "/books/%2F", "", `{"a":`, "", "")
	f.Fuzz(func(t *testing.T, method, path, query, body, appMeta, origHeaders string) {
		svc, _ := newTestService(t, Config{Timeout: time.Second})
		echo := func(_ context.Context, r *DataRequest, c *Completion) { c.SetBody(r.Body).OK().Next() }
		svc.ServiceObject("books").OnInsert(echo).OnUpdate(echo).OnGetByID(echo).OnInsertMany(echo)
		svc.Function("f", func(_ context.Context, fc *FunctionContext, c *Completion) {
			fc.TempObjectStore().Set("k", 1)
			_ = fc.RequestContext().SecurityContext()
			c.SetBody(map[string]any{"context": fc}).Next()
		})
		svc.Auth("a", func(_ context.Context, r *AuthRequest, c *AuthCompletion) { c.SetToken(r.Body).OK().Done() })
		h := http.Header{"Content-Type": {"application/json"}, "X-Kinvey-App-Metadata": {appMeta},
			"X-Kinvey-Original-Request-Headers": {origHeaders}, "X-Kinvey-Response-Body": {appMeta}}
		resp := svc.Serve(context.Background(), &Request{Method: method, Path: path, RawQuery: query,
			Header: h, Body: strings.NewReader(body), ContentLength: int64(len(body))})
		if resp.Status < 200 || resp.Status > 599 {
			t.Fatalf("status %d", resp.Status)
		}
		if method != "HEAD" && !json.Valid(resp.Body) {
			t.Fatalf("answer is not JSON: %q", resp.Body)
		}
	})
}
