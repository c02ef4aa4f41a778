package backend

import "testing"

// jsAdd is (100 * i) + e.index with JavaScript's +, the values Node prints.
func TestJSAdd(t *testing.T) {
	for _, tc := range []struct{ v, want string }{
		{`3`, `103`}, {`null`, `100`}, {`true`, `101`}, {`false`, `100`}, {`"3"`, `"1003"`},
		{`{}`, `"100[object Object]"`}, {`[1,[2]]`, `"1001,2"`}, {``, `null`}, {`1.5`, `101.5`},
		{`1e400`, `null`},
	} {
		t.Run(tc.v, func(t *testing.T) {
			if got := string(jsAdd(100, []byte(tc.v))); got != tc.want {
				t.Errorf("100 + %s = %s, want %s", tc.v, got, tc.want)
			}
		})
	}
}
