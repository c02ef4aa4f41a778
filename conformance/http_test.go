package conformance_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/flexgo/flexgo/conformance/corpus"
	"github.com/flexgo/flexgo/internal/testenv"
)

// secret is the shared secret both services are started with.
const secret = "conformance-secret"

// twinPkg is the main package of the twin on the net/http adapter.
const twinPkg = "./conformance/twin/cmd/http"

func TestCorpusHasEnoughUniqueCases(t *testing.T) {
	cases := corpus.Cases(secret)
	if len(cases) < 200 {
		t.Errorf("the corpus has %d cases, want at least 200", len(cases))
	}
	seen := make(map[string]bool, len(cases))
	for _, c := range cases {
		if seen[c.Name] {
			t.Errorf("two cases are named %q", c.Name)
		}
		seen[c.Name] = true
	}
}

// TestNetHTTP sends the whole corpus to the reference and to the twin served by the net/http
// adapter, and requires the same answers. It skips when the reference cannot run here (unless CI is
// set) and when the twin's main package does not exist yet; it fails when the twin does not build
// or start.
func TestNetHTTP(t *testing.T) {
	root, err := corpus.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(twinPkg))); os.IsNotExist(err) {
		testenv.Skip(t, "the twin's main package "+twinPkg+" does not exist yet")
	}
	ref := corpus.ReferenceForTest(t, secret)
	ours := corpus.GoServerForTest(t, twinPkg,
		"FLEX_SHARED_SECRET="+secret,
		"FLEX_TIMEOUT=3s", // the twin's answer to a handler that never completes
	)

	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cases := corpus.Cases(secret)
	report := corpus.Run(ctx, corpus.HTTPTarget(ref.URL), corpus.HTTPTarget(ours.URL), cases, corpus.Options{
		Wait:         10 * time.Second,
		NoAnswerWait: 2 * time.Second,
	})

	summary := report.Summary("net/http")
	t.Log(summary)
	fmt.Println(summary)
	for _, r := range report.Mismatches() {
		t.Errorf("%s", r)
	}
}
