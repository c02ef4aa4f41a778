package query

import (
	"strings"

	"github.com/flexgo/flexgo/internal/js"

	"math"
	"strconv"
	"testing"
)

func FuzzCompileRegExp(f *testing.F) {
	for _, s := range []string{"", "^a", "a/b", "(?<n>x)\\k<n>", "[\\d-z]", "\\1(a)", "a{2,1}", "(?<=a)b", "[^]", "\\c", "\n", "😀", "(?:a|b)*?c{3,}"} {
		f.Add(s, "", "abc")
		f.Add(s, "ms", "a\nb")
	}
	f.Fuzz(func(t *testing.T, pattern, flags, subject string) {
		re, err := CompileRegExp(pattern, flags)
		if err != nil {
			return
		}
		// The escaped source is itself a valid pattern with the same source.
		re2, err := CompileRegExp(re.Source(), re.Flags())
		if err != nil {
			t.Fatalf("source %q of %q does not compile: %v", re.Source(), pattern, err)
		}
		if re2.Source() != re.Source() {
			t.Fatalf("escaping is not stable: %q -> %q -> %q", pattern, re.Source(), re2.Source())
		}
		r1, err1 := re.Test(subject)
		r2, err2 := re2.Test(subject)
		if (err1 == nil) != (err2 == nil) || r1 != r2 {
			t.Fatalf("pattern and source disagree on %q: %v %v / %v %v", subject, r1, err1, r2, err2)
		}
	})
}

func FuzzNumbers(f *testing.F) {
	for _, s := range []string{"0", "1e21", "0x10", " 12 ", "-Infinity", ".5e-3", "1_0", "1e400", "abc", "0b2"} {
		f.Add(s, 1.5)
	}
	f.Fuzz(func(t *testing.T, s string, x float64) {
		n := js.ToNumber(s)
		p := parseFloat(s)
		if n == n && p == p && !math.IsInf(n, 0) && js.DecimalPrefix(strings.TrimFunc(s, js.IsSpace)) == len(strings.TrimFunc(s, js.IsSpace)) && n != p {
			t.Fatalf("Number(%q)=%v but parseFloat=%v", s, n, p)
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return
		}
		str := js.FormatNumber(x)
		if back := js.ToNumber(str); back != x {
			t.Fatalf("js.FormatNumber(%v) = %q reads back as %v", x, str, back)
		}
		if g, _ := strconv.ParseFloat(str, 64); g != x {
			t.Fatalf("js.FormatNumber(%v) = %q is not the same number", x, str)
		}
	})
}

func FuzzOrderedJSON(f *testing.F) {
	f.Add(`{"b":1,"a":[1,2,{"2":3,"1":null}],"c":"x"}`)
	f.Add(`[1e400, -0, "\u2028"]`)
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseJSONOrdered([]byte(s))
		if err != nil {
			return
		}
		out, err := stringify(v)
		if err != nil {
			t.Fatal(err)
		}
		v2, err := parseJSONOrdered([]byte(out))
		if err != nil {
			t.Fatalf("stringify output %q does not parse: %v", out, err)
		}
		out2, _ := stringify(v2)
		if out != out2 {
			t.Fatalf("not stable: %q -> %q", out, out2)
		}
	})
}
