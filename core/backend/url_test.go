package backend

import (
	"net/url"
	"testing"
)

// The expected targets are what Node's `request` 2.88 sent for the same URL and qs option.
func TestNodeTarget(t *testing.T) {
	for _, tc := range []struct {
		url  string
		qs   []pair
		want string
	}{
		{"http://h/appdata/k/books/a b", nil, "/appdata/k/books/a%20b"},
		{"http://h/appdata/k/books/a/b", nil, "/appdata/k/books/a/b"},
		{"http://h/appdata/k/books/a?b=c", nil, "/appdata/k/books/a?b=c"},
		{"http://h/appdata/k/books/a#b", nil, "/appdata/k/books/a"},
		{"http://h/appdata/k/books/%41", nil, "/appdata/k/books/%41"},
		{`http://h/appdata/k/books/a"b'c`, nil, "/appdata/k/books/a%22b%27c"},
		{"http://h/appdata/k/books/a{b}", nil, "/appdata/k/books/a%7Bb%7D"},
		{`http://h/appdata/k/books/a\b`, nil, "/appdata/k/books/a/b"},
		{"http://h/appdata/k/books/a^b|c`", nil, "/appdata/k/books/a%5Eb%7Cc%60"},
		{"http://h/u/a?x=1", []pair{{"hard", "true"}}, "/u/a?x=1&hard=true"},
		{"http://h/u/a#f", []pair{{"hard", "true"}}, "/u/a"},
		{"http://h/u/a?x=1#f", []pair{{"hard", "true"}}, "/u/a?x=1&hard=true"},
		{"http://h/u/a?", []pair{{"hard", "true"}}, "/u/a?hard=true"},
		{"http://h/u/a?", nil, "/u/a?"},
		{"http://h/u/a?2=b&1=c&x=a+b%20c&x=d&bad=%zz", []pair{{"hard", "true"}},
			"/u/a?1=c&2=b&x%5B0%5D=a%20b%20c&x%5B1%5D=d&bad=%25zz&hard=true"},
		{"http://h/u/a?hard=1&y", []pair{{"hard", "true"}}, "/u/a?hard=true&y="},
		{"http://h/u/ a\\b?c\\d ", nil, "/u/%20a/b?c%5Cd"},
		{"http://h/u/a b\t", nil, "/u/a%20b"},
		{"http://h/u/a", []pair{{"q", "a b!'()*~é&=+"}}, "/u/a?q=a%20b%21%27%28%29%2A~%C3%A9%26%3D%2B"},
		{"http://h/u/a", []pair{}, "/u/a"},
		{"http://h", nil, "/"},
		// Beyond Node, which would send these bytes raw or throw: percent-encoded.
		{"http://h/u/é\x01x", nil, "/u/%C3%A9%01x"},
		{"http://h//appdata/k/", nil, "//appdata/k/"},
	} {
		t.Run(tc.url, func(t *testing.T) {
			tg, err := nodeTarget(tc.url)
			if err != nil {
				t.Fatal(err)
			}
			if tc.qs != nil {
				tg = tg.withQS(tc.qs)
			}
			got := tg.path
			if tg.hasQuery {
				got += "?" + tg.query
			}
			if got != tc.want {
				t.Errorf("target %q, want %q", got, tc.want)
			}
			if tg.origin != "http://h" {
				t.Errorf("origin %q", tg.origin)
			}
		})
	}
}

func TestNodeTargetErrors(t *testing.T) {
	for _, u := range []string{"", "/appdata/k/", "://h/x", "https:///appdata/k/"} {
		if _, err := nodeTarget(u); err == nil {
			t.Errorf("nodeTarget(%q) succeeded", u)
		}
	}
}

// A path starting with // goes in absolute form, so that Go does not read it as a host.
func TestOpaque(t *testing.T) {
	tg, _ := nodeTarget("https://baas.example.com//appdata/k/")
	if got := tg.opaque(); got != "//baas.example.com//appdata/k/" {
		t.Errorf("opaque %q", got)
	}
}

func TestQueryPairs(t *testing.T) {
	got := qsStringify(queryPairs(url.Values{
		"sort": {`{"a":1}`}, "zeta": {"z"}, "query": {`{}`}, "limit": {"5"}, "alpha": {"1", "2"},
		"skip": {"3"}, "fields": {"a,b"},
	}))
	want := "query=%7B%7D&fields=a%2Cb&limit=5&skip=3&sort=%7B%22a%22%3A1%7D&alpha=1&alpha=2&zeta=z"
	if got != want {
		t.Errorf("query string\n%s\nwant\n%s", got, want)
	}
}

func TestWellFormedUTF8(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"ok", "ok"},
		{"a\xffb", "a\uFFFDb"},
		{"\xe2\x82A", "\uFFFDA"},               // a truncated sequence is one replacement
		{"\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD"}, // a surrogate: each byte
		{"\xf0\x9f\x98", "\uFFFD"},
		{"\xc0\xaf", "\uFFFD\uFFFD"},
	} {
		if got := string(wellFormedUTF8([]byte(tc.in))); got != tc.want {
			t.Errorf("wellFormedUTF8(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
