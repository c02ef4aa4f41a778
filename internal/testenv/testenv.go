// Package testenv holds what flexgo's tests share about where they run. Its one rule: a test that
// cannot run here says why and skips, except under CI=true, where a skip would be a test that did
// not run and passes in silence, so it fails instead.
package testenv

import (
	"fmt"
	"os"
	"testing"
)

// TB is the part of testing.TB that Skip needs.
type TB interface {
	Helper()
	Skip(args ...any)
	Fatal(args ...any)
}

// CI reports whether the tests run under CI (the environment variable CI is "true", as .ci/run
// and most CI services set it).
func CI() bool { return os.Getenv("CI") == "true" }

// Skip skips t with the reason, or fails it under CI.
func Skip(t TB, reason ...any) {
	t.Helper()
	if CI() {
		t.Fatal("CI=true: this test would skip, and a skipped test did not run: " + fmt.Sprint(reason...))
	}
	t.Skip(reason...)
}

// SkipIfShort skips t under go test -short (failing it under CI), for tests that build or run
// whole programs.
func SkipIfShort(t TB, what string) {
	t.Helper()
	if testing.Short() {
		Skip(t, "-short: "+what)
	}
}
