package corpus

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

const testSecret = "conformance-secret"

// TestReferenceIsDeterministic sends every case to the reference twice and requires the same
// answers, of the kind each case expects. With CORPUS_DUMP=file it also writes every case and the
// reference's answer to file, for reading (NOTES.md was written from it).
func TestReferenceIsDeterministic(t *testing.T) {
	ref := ReferenceForTest(t, testSecret)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cases := Cases(testSecret)
	target := HTTPTarget(ref.URL)
	// The second sending waits for the never-answered cases no longer than the first.
	again := func(ctx context.Context, c Case) (Answer, error) {
		if c.Expect == ExpectNoAnswer {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
		}
		return target(ctx, c)
	}
	report := Run(ctx, target, again, cases, Options{Compare: CompareReference})
	t.Log(report.Summary("reference twice"))
	for _, r := range report.Mismatches() {
		t.Errorf("%s", r)
	}
	if t.Failed() {
		t.Logf("reference output:\n%s", ref.Output())
	}
	if path := os.Getenv("CORPUS_DUMP"); path != "" {
		if err := os.WriteFile(path, []byte(dump(report)), 0o644); err != nil {
			t.Error(err)
		}
	}
}

// dump renders every case with the reference's first answer.
func dump(r Report) string {
	var b strings.Builder
	for _, res := range r.Results {
		c := res.Case
		fmt.Fprintf(&b, "=== %s [%v]\n%s %s\n", c.Name, c.Expect, c.Method, c.Path)
		for k, vs := range c.Header {
			for _, v := range vs {
				fmt.Fprintf(&b, "%s: %s\n", k, v)
			}
		}
		if len(c.Body) > 0 {
			fmt.Fprintf(&b, "body %s\n", Truncate(c.Body, 400))
		}
		a := res.Ref
		if a.NoAnswer {
			b.WriteString("--> no answer\n\n")
			continue
		}
		fmt.Fprintf(&b, "--> %d %s", a.Status, a.Header.Get("Content-Type"))
		if v := a.Header.Get("Allow"); v != "" {
			fmt.Fprintf(&b, " Allow: %s", v)
		}
		if v, ok := a.Continue(); ok {
			fmt.Fprintf(&b, " continue: %s", v)
		}
		body := a.Body
		if strings.HasPrefix(a.Header.Get("Content-Type"), "text/html") && len(body) > 300 {
			body = body[:300]
		}
		fmt.Fprintf(&b, "\n%s\n\n", body)
	}
	return b.String()
}
