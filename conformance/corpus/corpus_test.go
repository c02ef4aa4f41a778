package corpus

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestCasesAreWellFormed(t *testing.T) {
	cases := Cases("s3cret")
	if len(cases) < 200 {
		t.Errorf("%d cases, want at least 200", len(cases))
	}
	seen := map[string]bool{}
	themes := map[string]int{}
	sawFirst := false
	for i, c := range cases {
		if seen[c.Name] {
			t.Errorf("case %d: duplicate name %q", i, c.Name)
		}
		seen[c.Name] = true
		themes[c.Theme()]++
		if !strings.Contains(c.Name, "/") {
			t.Errorf("case %q: name is not theme/what", c.Name)
		}
		if c.First && sawFirst && !cases[i-1].First {
			t.Errorf("case %q: First cases must come before the others", c.Name)
		}
		sawFirst = sawFirst || c.First
		if _, err := c.NewRequest(t.Context(), "http://127.0.0.1:1"); err != nil {
			t.Errorf("case %q: %v", c.Name, err)
		}
		if c.BodyLen() > 1<<20 && c.Size == 0 {
			t.Errorf("case %q: a body of %d bytes in memory", c.Name, c.BodyLen())
		}
	}
	t.Logf("%d cases in %d themes: %v", len(cases), len(themes), themes)
}

func TestBodyReaderPads(t *testing.T) {
	c := Case{Body: []byte(`{"a":1}`), Size: 12}
	b, err := io.ReadAll(c.BodyReader())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"a":1}     `; got != want {
		t.Errorf("BodyReader = %q, want %q", got, want)
	}
	if got := string(c.BodyBytes()); got != `{"a":1}     ` {
		t.Errorf("BodyBytes = %q", got)
	}
	if c.BodyLen() != 12 {
		t.Errorf("BodyLen = %d", c.BodyLen())
	}
}

func TestNewRequestKeepsTheRawTarget(t *testing.T) {
	for _, path := range []string{"/books/%ZZ", "/books/a%2Fb?a[]=1&q=%E9", "/books?", "/books/caf\u00e9?x=\u00e9"} {
		req, err := Case{Name: "x", Method: "GET", Path: path}.NewRequest(t.Context(), "http://127.0.0.1:9")
		if err != nil {
			t.Fatal(err)
		}
		if got := req.URL.RequestURI(); got != path {
			t.Errorf("request target %q, want %q", got, path)
		}
	}
	if _, err := (Case{Name: "x", Method: "GET", Path: "//x"}).NewRequest(t.Context(), "http://127.0.0.1:9"); err == nil {
		t.Error("a path starting with // was accepted")
	}
}

func TestDiffJSON(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		same bool
	}{
		{`{"a":1,"b":[1,{"c":null}]}`, `{"b":[1,{"c":null}],"a":1}`, true},
		{`{"a":100}`, `{"a":1e2}`, true},
		{`{"a":0.1}`, `{"a":1E-1}`, true},
		{`{"a":12345678901234567000}`, `{"a":12345678901234567890}`, false},
		{`{"a":1}`, `{"a":"1"}`, false},
		{`{"a":1}`, `{"a":1,"b":null}`, false},
		{`[1,2]`, `[2,1]`, false},
		{`"x"`, `"x"`, true},
		{`null`, `{}`, false},
	} {
		d, err := DiffJSON([]byte(tt.a), []byte(tt.b))
		if err != nil {
			t.Errorf("DiffJSON(%s, %s): %v", tt.a, tt.b, err)
			continue
		}
		if (d == "") != tt.same {
			t.Errorf("DiffJSON(%s, %s) = %q, want same=%v", tt.a, tt.b, d, tt.same)
		}
	}
	if _, err := DiffJSON([]byte(`{}`), []byte(`{} {}`)); err == nil {
		t.Error("two values accepted")
	}
}

func answer(status int, contentType, body string) Answer {
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return Answer{Status: status, Header: h, Body: []byte(body)}
}

func TestCompare(t *testing.T) {
	const (
		js   = "application/json; charset=utf-8"
		html = "text/html; charset=utf-8"
	)
	kerr := `{"error":"BadRequest","description":"d","debug":""}`
	withContinue := answer(200, js, `{}`)
	withContinue.Header.Set(ContinueHeader, "true")
	for _, tt := range []struct {
		name      string
		expect    Expect
		ref, ours Answer
		same      bool
	}{
		{"json equal", ExpectJSON, answer(200, js, `{"a":1,"b":2}`), answer(200, "application/json", `{"b":2,"a":1}`), true},
		{"json status", ExpectJSON, answer(200, js, `{}`), answer(201, js, `{}`), false},
		{"json body", ExpectJSON, answer(200, js, `{"a":1}`), answer(200, js, `{"a":2}`), false},
		{"json content type", ExpectJSON, answer(200, js, `{}`), answer(200, "text/plain", `{}`), false},
		{"json continue", ExpectJSON, answer(200, js, `{}`), withContinue, false},
		{"json ref not json", ExpectJSON, answer(404, html, `<html>`), answer(404, js, kerr), false},
		{"page", ExpectErrorPage, answer(400, html, `<html>`), answer(400, js, kerr), true},
		{"page status", ExpectErrorPage, answer(400, html, `<html>`), answer(500, js, kerr), false},
		{"page html", ExpectErrorPage, answer(400, html, `<html>`), answer(400, html, `<html>`), false},
		{"page extra member", ExpectErrorPage, answer(400, html, `<html>`),
			answer(400, js, `{"error":"e","description":"d","debug":"","stack":"x"}`), false},
		{"page no debug", ExpectErrorPage, answer(400, html, `<html>`), answer(400, js, `{"error":"e","description":"d"}`), false},
		{"page stack", ExpectErrorPage, answer(500, html, `<html>`),
			answer(500, js, `{"error":"e","description":"d","debug":"goroutine 1 [running]"}`), false},
		{"no answer", ExpectNoAnswer, Answer{NoAnswer: true}, answer(500, js, kerr), true},
		{"no answer ok status", ExpectNoAnswer, Answer{NoAnswer: true}, answer(200, js, kerr), false},
		{"no answer from ours", ExpectNoAnswer, Answer{NoAnswer: true}, Answer{NoAnswer: true}, false},
		{"reference answered", ExpectNoAnswer, answer(200, js, `{}`), answer(500, js, kerr), false},
		{"empty", ExpectEmpty, answer(400, js, ``), answer(400, js, ``), true},
		{"empty body", ExpectEmpty, answer(400, js, ``), answer(400, js, `{}`), false},
		{"text", ExpectText, answer(200, html, `GET,HEAD`), answer(200, "text/plain", `GET,HEAD`), true},
		{"text differs", ExpectText, answer(200, html, `GET,HEAD`), answer(200, html, `HEAD,GET`), false},
		{"text as JSON", ExpectText, answer(200, html, `GET,HEAD`), answer(200, js, `"GET,HEAD"`), true},
		{"text as JSON differs", ExpectText, answer(200, html, `GET,HEAD`), answer(200, js, `"GET"`), false},
		{"text as JSON not JSON", ExpectText, answer(200, html, `GET,HEAD`), answer(200, html, `"GET,HEAD"`), false},
	} {
		err := Compare(tt.ref, tt.ours, Case{Name: tt.name, Expect: tt.expect})
		if (err == nil) != tt.same {
			t.Errorf("%s: Compare = %v, want same=%v", tt.name, err, tt.same)
		}
	}
}
