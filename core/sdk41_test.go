package core

import (
	"context"
	"encoding/json"
	"testing"
)

// What kinvey-flex-sdk 4.1 added on top of 3.3.0: the login hook's options, a post hook's error
// status, and custom request properties carried from a pre hook to the post hook.

func TestFunctionContextLoginOptionsAndStatus(t *testing.T) {
	tests := []struct {
		name         string
		body         string
		header       map[string]string
		wantLogin    string
		wantStatus   int
		wantEchoKeys int
	}{
		{"login hook", `{"hookType":"pre","loginOptions":{"type":"kinvey"}}`, nil, `{"type":"kinvey"}`, 0, 0},
		{"login options null", `{"loginOptions":null}`, nil, "", 0, 0},
		{"no login options", `{}`, nil, "", 0, 0},
		{"post hook, error status", `{"hookType":"post","response":{"status":404}}`, nil, "", 404, 0},
		{"post hook, status header", `{"hookType":"post"}`, map[string]string{"X-Kinvey-Response-Status": "401"}, "", 401, 0},
		{"post hook, success status", `{"hookType":"post","response":{"status":200}}`, nil, "", 0, 0},
		{"pre hook, error status", `{"hookType":"pre","response":{"status":404}}`, nil, "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, _ := newTestService(t, Config{})
			var got *FunctionContext
			var echo []byte
			svc.Function("f", func(_ context.Context, fc *FunctionContext, c *Completion) {
				got = fc
				echo, _ = fc.MarshalJSON()
				c.OK().Done()
			})
			resp, _ := serve(t, svc, testRequest{method: "POST", path: "/_flexFunctions/f", body: tt.body, header: tt.header})
			if resp.Status != 200 || got == nil {
				t.Fatalf("%d %s", resp.Status, resp.Body)
			}
			if string(got.LoginOptions) != tt.wantLogin {
				t.Errorf("LoginOptions %s, want %s", got.LoginOptions, tt.wantLogin)
			}
			if got.Status != tt.wantStatus {
				t.Errorf("Status %d, want %d", got.Status, tt.wantStatus)
			}
			var m map[string]any
			if err := json.Unmarshal(echo, &m); err != nil {
				t.Fatal(err)
			}
			if _, ok := m["loginOptions"]; ok {
				t.Errorf("the context's JSON is no longer 3.3.0's: %s", echo)
			}
			if _, ok := m["status"]; ok {
				t.Errorf("the context's JSON is no longer 3.3.0's: %s", echo)
			}
		})
	}
}

func TestCustomRequestPropertiesCarriedAfterNext(t *testing.T) {
	orig := `{"host":"h","x-kinvey-custom-request-properties":"{\"color\":\"red\", \"n\":1}"}`
	tests := []struct {
		name    string
		set     bool
		done    bool
		headers string
		want    string // the answer's request.headers["x-kinvey-custom-request-properties"]; "" when absent
	}{
		{"set, next", true, false, orig, `{"color":"blue","n":1,"seen":true}`},
		{"set, done", true, true, orig, `{"color":"red", "n":1}`},
		{"not set, next", false, false, orig, `{"color":"red", "n":1}`},
		{"set, no properties before", true, false, `{"host":"h"}`, `{"color":"blue","seen":true}`},
		{"set, headers not an object", true, false, `[1]`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, _ := newTestService(t, Config{})
			svc.Function("f", func(_ context.Context, fc *FunctionContext, c *Completion) {
				if tt.set {
					fc.RequestContext().SetCustomRequestProperty("color", "blue")
					fc.RequestContext().SetCustomRequestProperty("seen", true)
				}
				if tt.done {
					c.Done()
				} else {
					c.Next()
				}
			})
			resp, body := serve(t, svc, testRequest{method: "POST", path: "/_flexFunctions/f", body: `{"hookType":"pre"}`,
				header: map[string]string{"X-Kinvey-Original-Request-Headers": tt.headers}})
			if resp.Status != 200 {
				t.Fatalf("%d %s", resp.Status, resp.Body)
			}
			headers, _ := body["request"].(map[string]any)["headers"].(map[string]any)
			got, _ := headers["x-kinvey-custom-request-properties"].(string)
			if got != tt.want {
				t.Fatalf("request headers carry %q, want %q (%s)", got, tt.want, resp.Body)
			}
			if headers != nil && headers["host"] != "h" {
				t.Fatalf("other headers lost: %v", headers)
			}
		})
	}
}
