package express

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/flexgo/flexgo/internal/testenv"
)

// queryStrings are decoded by the Go port and, in TestParseQueryMatchesQS, by the real qs
// module the reference's Express uses.
var queryStrings = []string{
	"a=1", "a=1&b=2", "a=1&a=2", "a=1&a=2&a=3", "a", "a=", "=1", "&&a=1&&", "a+b=c+d", "a=%20%2B",
	"a=%ZZ", "a%=1", "a=%E0%A4%A", "a=%C3%A9", "%61=b", "a[]=1&a[]=2", "a[]=1", "a[b]=1", "a[b]=1&a[c]=2",
	"a[b][c]=1", "a[0]=x&a[1]=y", "a[1]=y&a[0]=x", "a[21]=x", "a[20]=x", "a[-1]=x", "a[01]=x", "a[ 1]=x",
	"a=1&a[b]=2", "a[b]=2&a=1", "a[]=1&a=2", "a=2&a[]=1", "a[b]=1&a[]=2", "a[]=1&a[b]=2",
	"a[b][c][d][e][f][g]=1", "a[b][c][d][e][f]=1", "[a]=1", "[]=1", "a]=1", "a[=1", "a[b=1", "a]b[=1",
	"query=%7B%22a%22%3A1%7D&sort=%7B%22b%22%3A-1%7D&limit=5", `query={"name":"x y"}`, "a=b=c",
	"a[b]=1&a[b]=2", "a[0][b]=1&a[0][c]=2", "a[0]=1&a[0]=2", "x[y][]=1&x[y][]=2", "a.b=1", "a[b.c]=1",
	"hasOwnProperty=1", "__proto__=1&b=2", "__proto__[x]=1", "a[__proto__]=1", "a[b]=1&a=__proto__", "a=1;b=2", "a=%", "a=%2", "a[%5D=1", "a%5Bb%5D=1", "a[0]=1&a[2]=3",
}

func TestParseQueryCases(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", "null"},
		{"a=1", `{"a":"1"}`},
		{"a=1&a=2", `{"a":["1","2"]}`},
		{"a[]=1&a[]=2", `{"a":["1","2"]}`},
		{"a[b]=1&a[c]=2", `{"a":{"b":"1","c":"2"}}`},
		{"a+b=c+d", `{"a b":"c d"}`},
		{"a=%ZZ", `{"a":"%ZZ"}`},
		{"a[21]=x", `{"a":{"21":"x"}}`},
		{"a[1]=y&a[0]=x", `{"a":["x","y"]}`},
		{"&&", "null"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, _ := json.Marshal(ParseQuery(tt.in))
			if !jsonEqual(t, got, []byte(tt.want)) {
				t.Errorf("ParseQuery(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

// TestParseQueryMatchesQS compares the port with qs itself, from the reference's node_modules.
func TestParseQueryMatchesQS(t *testing.T) {
	qs := filepath.Join("..", "..", "conformance", "reference", "node_modules", "qs")
	node, err := exec.LookPath("node")
	if _, statErr := os.Stat(qs); err != nil || statErr != nil {
		testenv.Skip(t, "node or "+qs+" missing: run npm ci in conformance/reference")
	}
	script := `const qs = require(process.argv[1]);
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(input.map(s => qs.parse(s, {allowPrototypes: true}))));`
	abs, _ := filepath.Abs(qs)
	cmd := exec.Command(node, "-e", script, abs)
	in, _ := json.Marshal(queryStrings)
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var want []json.RawMessage
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatalf("node output: %v", err)
	}
	matched := 0
	for i, s := range queryStrings {
		got, _ := json.Marshal(ParseQuery(s))
		w := want[i]
		if string(w) == "{}" {
			w = json.RawMessage("null") // no keys: the core reports no query
		}
		if jsonEqual(t, got, w) {
			matched++
			continue
		}
		t.Errorf("query %q: Go %s, qs %s", s, got, w)
	}
	t.Logf("query strings: %d/%d decoded as qs does", matched, len(queryStrings))
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("not JSON: %s", a)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("not JSON: %s", b)
	}
	return reflect.DeepEqual(x, y)
}

func FuzzParseQueryString(f *testing.F) {
	for _, s := range queryStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := ParseQuery(s)
		if _, err := json.Marshal(v); err != nil {
			t.Fatalf("ParseQuery(%q) cannot be encoded: %v", s, err)
		}
	})
}
