package flextest

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/flexgo/flexgo/core"
)

// FuzzResponse reads arbitrary answers as a FlexFunctions answer and as a data answer: parsing
// never panics, a parsed hook answer has a status code, and a Kinvey error has a name.
func FuzzResponse(f *testing.F) {
	for _, seed := range []string{
		`{"request":{"body":{"a":1}},"response":{"statusCode":200,"continue":true,"body":{}}}`,
		`{"request":{},"response":{"statusCode":400,"continue":false,"body":{"error":"BadRequest","debug":"x"}}}`,
		`{"error":"NotFound","description":"d","debug":{"a":[1]}}`,
		`{"error":"access_denied","error_description":"no"}`,
		`{"error":7}`, `[]`, `"text"`, `null`, ``, `{"response":{"statusCode":"200"}}`, `{"response":{"continue":null,"statusCode":1}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, req := range []Request{PreHook("h", "POST", "books"), CustomEndpoint("h", nil), GetAll("books")} {
			res := newResponse(req, &core.Response{Status: 200, Body: body})
			if res.Hook != nil && res.Hook.Response.StatusCode == 0 {
				t.Fatalf("a hook answer without a status code from %q", body)
			}
			if res.Continue && res.Hook == nil {
				t.Fatalf("continue without a hook answer from %q", body)
			}
			if e, ok := res.KinveyError(); ok && e.Error == "" {
				t.Fatalf("an error without a name from %q", body)
			}
			_ = res.Result()
			var v any
			_ = res.DecodeResult(&v)
			_ = res.Decode(&v)
		}
	})
}

// FuzzObject reads arbitrary JSON as the ordered objects the request builders use: what parses
// writes back as valid JSON with the same members.
func FuzzObject(f *testing.F) {
	for _, seed := range []string{`{}`, `{"a":1,"b":[1,2],"a":2}`, `{"\u00e9":"x"}`, `[1]`, `{"a":`, `{"a":1}}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		o, ok := objectOf(raw)
		if !ok {
			return
		}
		out, err := o.MarshalJSON()
		if err != nil || !json.Valid(out) {
			t.Fatalf("%q wrote %q: %v", raw, out, err)
		}
		var a, b map[string]any
		if json.Unmarshal(raw, &a) == nil {
			if err := json.Unmarshal(out, &b); err != nil {
				t.Fatal(err)
			}
			ja, _ := json.Marshal(a)
			jb, _ := json.Marshal(b)
			if !bytes.Equal(ja, jb) {
				t.Fatalf("%s became %s", ja, jb)
			}
		}
		// The same text as app metadata builds a request without panicking.
		_ = GetAll("books").WithAppMetadata(json.RawMessage(out)).Core()
	})
}
