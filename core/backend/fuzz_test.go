package backend

import (
	"encoding/json"
	"math"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/flexgo/flexgo/internal/js"
)

// FuzzReadAnswer: any body reads as well-formed UTF-8, and its result is nothing or JSON.
func FuzzReadAnswer(f *testing.F) {
	for _, s := range []string{``, `{}`, `[1,2]`, `"x"`, `oops`, "\xef\xbb\xbf{}", "{\"a\":\"\xff\"}", ` 1 `} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		a := readAnswer(200, body)
		if !utf8.Valid(a.body) {
			t.Fatalf("text %q is not UTF-8", a.body)
		}
		if utf8.Valid(body) && string(a.body) != string(body) {
			t.Fatalf("well-formed text changed: %q -> %q", body, a.body)
		}
		r := a.result()
		if len(body) == 0 {
			if r != nil {
				t.Fatalf("empty body gave %s", r)
			}
			return
		}
		if !json.Valid(r) {
			t.Fatalf("result %q is not JSON", r)
		}
		if !a.json {
			var s string
			if err := json.Unmarshal(r, &s); err != nil || s != string(a.body) {
				t.Fatalf("text result %s does not hold the text %q", r, a.body)
			}
		}
	})
}

// FuzzAnswerError: the error of any answer names what the body's members say.
func FuzzAnswerError(f *testing.F) {
	for _, s := range []string{
		`{"error":"EntityNotFound","description":"d","debug":"x"}`, `{"error":1,"debug":{"a":[]}}`,
		`null`, `"text"`, ``, `<html>`, `{"error":"a","error":"b"}`, `{"error":[1,{}]}`, `[]`,
	} {
		f.Add(404, []byte(s))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		e := answerError(readAnswer(status, body))
		if e.Error() == "" || !strings.HasPrefix(e.Error(), "backend: ") {
			t.Fatalf("message %q", e.Error())
		}
		if e.StatusCode != status {
			t.Fatalf("status %d, want %d", e.StatusCode, status)
		}
		if e.Body != nil && !json.Valid(e.Body) {
			t.Fatalf("body %q is not JSON", e.Body)
		}
		text := wellFormedUTF8(body)
		if !json.Valid(text) {
			if e.Err != ErrNotJSON || e.Name != "" || e.Description != "" || e.Debug != "" {
				t.Fatalf("not JSON, error %+v", e)
			}
			return
		}
		var m map[string]json.RawMessage // the oracle: encoding/json keeps the last duplicate too
		if json.Unmarshal(text, &m) != nil {
			if e.Name != "" || e.Description != "" || e.Debug != "" {
				t.Fatalf("not an object, error %+v", e)
			}
			return
		}
		var name, desc string
		if json.Unmarshal(m["error"], &name) == nil && e.Name != name {
			t.Fatalf("name %q, want %q", e.Name, name)
		}
		if json.Unmarshal(m["description"], &desc) == nil && e.Description != desc {
			t.Fatalf("description %q, want %q", e.Description, desc)
		}
		if m["debug"] == nil && e.Debug != "" {
			t.Fatalf("debug %q from no debug", e.Debug)
		}
	})
}

// FuzzBatchMerge: two batch answers merge into one whose entities and errors are theirs, the
// numeric indexes of the second moved by the batch size.
func FuzzBatchMerge(f *testing.F) {
	f.Add([]byte(`{"entities":[{"a":1}],"errors":[{"index":1}]}`), []byte(`{"entities":[],"errors":[{"index":2,"x":1},{"x":2}]}`))
	f.Add([]byte(`{"entities":[],"errors":[{"index":"3"}]}`), []byte(`{"entities":[1,2],"errors":[[1],{"index":null},{"index":true}]}`))
	f.Add([]byte(`{"entities":"ab","errors":[]}`), []byte(`{}`))
	f.Add([]byte(`{"entities":[],"errors":[{"index":1e400,"index":-0.5}]}`), []byte(`{"entities":[],"errors":[{"index":1.5e300}]}`))
	f.Fuzz(func(t *testing.T, first, second []byte) {
		var m batchMerge
		if m.add(0, readAnswer(200, first)) != nil || m.add(1, readAnswer(200, second)) != nil {
			return
		}
		res := m.result()
		var got struct {
			Entities []json.RawMessage
			Errors   []json.RawMessage
		}
		if err := json.Unmarshal(res, &got); err != nil {
			t.Fatalf("merged %q: %v", res, err)
		}
		var a, b struct {
			Entities []json.RawMessage
			Errors   []json.RawMessage
		}
		_ = json.Unmarshal(wellFormedUTF8(first), &a)
		_ = json.Unmarshal(wellFormedUTF8(second), &b)
		if len(got.Entities) != len(a.Entities)+len(b.Entities) || len(got.Errors) != len(a.Errors)+len(b.Errors) {
			t.Fatalf("merged %d entities and %d errors from %d+%d and %d+%d", len(got.Entities), len(got.Errors),
				len(a.Entities), len(b.Entities), len(a.Errors), len(b.Errors))
		}
		for i, e := range b.Errors {
			// A map, not a struct: encoding/json matches struct fields without regard to case, and
			// JSON.parse (so the reference) reads "indeX" as another member than "index".
			var before, after map[string]json.RawMessage
			if json.Unmarshal(e, &before) != nil || json.Unmarshal(got.Errors[len(a.Errors)+i], &after) != nil {
				continue
			}
			n, err := strconv.ParseFloat(string(before["index"]), 64)
			if err != nil || math.IsInf(n+100, 0) {
				continue
			}
			if m, err := strconv.ParseFloat(string(after["index"]), 64); err != nil || m != n+100 {
				t.Fatalf("index %s became %s, want %v", before["index"], after["index"], n+100)
			}
		}
	})
}

// FuzzNodeTarget: any id gives a request line Go can send, and the qs option lands in the query
// string unless Node loses it in the hash.
func FuzzNodeTarget(f *testing.F) {
	for _, s := range []string{"b1", "a b", `a\b?c\d`, "a#b", "a?x=1&x=2", "%zz", "é\x01", " a ", "?", "a?2=b&1=c"} {
		f.Add(s, "true")
	}
	f.Fuzz(func(t *testing.T, id, value string) {
		tg, err := nodeTarget("http://h/user/kid/" + id)
		if err != nil {
			t.Fatal(err)
		}
		tg = tg.withQS([]pair{{"hard", value}})
		for _, s := range []string{tg.path, tg.query} {
			for i := 0; i < len(s); i++ {
				if c := s[i]; c <= ' ' || c >= 0x7f || strings.IndexByte(`"'<>\^`+"`{|}#", c) >= 0 {
					t.Fatalf("byte %q sent raw in %q", c, s)
				}
			}
		}
		if !strings.HasPrefix(tg.path, "/user/kid/") || strings.ContainsRune(tg.path, '?') {
			t.Fatalf("path %q", tg.path)
		}
		if tg.hadHash { // Node loses the qs in the hash
			return
		}
		q, err := url.ParseQuery(strings.ReplaceAll(tg.query, "+", "%2B"))
		if err != nil {
			t.Fatalf("query %q: %v", tg.query, err)
		}
		if !utf8.ValidString(value) {
			return
		}
		if got := q["hard"]; len(got) == 0 || got[len(got)-1] != value {
			t.Fatalf("query %q has hard=%q, want %q", tg.query, got, value)
		}
	})
}

// FuzzJSValue: the JavaScript views of any JSON value never panic, and agree with each other.
func FuzzJSValue(f *testing.F) {
	for _, s := range []string{`{"_id":"a"}`, `[1,[null,{}]]`, `0`, `""`, `"x"`, `{"_id":0}`, `{"_id":{"_id":1}}`, `nul`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !json.Valid(raw) {
			return
		}
		_ = js.String(raw)
		truthy := js.RawTruthy(raw)
		var v any
		if json.Unmarshal(raw, &v) != nil { // a number out of range
			return
		}
		want := true
		switch x := v.(type) {
		case nil:
			want = false
		case bool:
			want = x
		case string:
			want = x != ""
		case float64:
			want = x != 0
		}
		if truthy != want {
			t.Fatalf("js.RawTruthy(%s) = %v, want %v", raw, truthy, want)
		}
		id := js.Field(raw, "_id")
		if obj, ok := v.(map[string]any); ok {
			if _, has := obj["_id"]; has != (id != nil) {
				t.Fatalf("member _id of %s: %s", raw, id)
			}
		} else if id != nil {
			t.Fatalf("member of a non-object %s: %s", raw, id)
		}
	})
}
