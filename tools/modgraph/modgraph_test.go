package modgraph

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flexgo/flexgo/internal/testenv"
)

// modules lists the module graph of the module in dir (go list -m all), without versions.
func modules(t *testing.T, dir string, env []string) map[string]bool {
	t.Helper()
	cmd := exec.Command("go", "list", "-m", "all")
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list -m all in %s: %v\n%s", dir, err, out)
	}
	set := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		set[strings.Fields(line)[0]] = true
	}
	return set
}

// TestUserModuleGraph builds, for each adapter, a module that imports the core and that adapter
// (as a user's service does, with flexgo replaced by this checkout) and requires that
// `go list -m all` names no module only the tooling needs.
func TestUserModuleGraph(t *testing.T) {
	testenv.SkipIfShort(t, "tidies three modules")
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
	// What only the tooling needs: the tools module's graph less the library's.
	library := modules(t, root, env)
	var toolingOnly []string
	for m := range modules(t, filepath.Join(root, "tools"), env) {
		if !library[m] {
			toolingOnly = append(toolingOnly, m)
		}
	}
	if len(toolingOnly) == 0 {
		t.Fatal("the tools module needs nothing the library does not: the check below would check nothing")
	}
	for _, adapter := range []string{"http", "lambda", "gcf"} {
		t.Run(adapter, func(t *testing.T) {
			dir := t.TempDir()
			mod := "module example.com/user\n\ngo 1.26.0\n\nrequire github.com/flexgo/flexgo v0.0.0\n\nreplace github.com/flexgo/flexgo => " + root + "\n"
			src := "package main\n\nimport (\n\t_ \"github.com/flexgo/flexgo/adapters/" + adapter + "\"\n\t_ \"github.com/flexgo/flexgo/core\"\n)\n\nfunc main() {}\n"
			for name, text := range map[string]string{"go.mod": mod, "main.go": src} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			run := func(args ...string) string {
				cmd := exec.Command("go", args...)
				cmd.Dir, cmd.Env = dir, env
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
				}
				return string(out)
			}
			run("mod", "tidy")
			user := modules(t, dir, env)
			for _, m := range toolingOnly {
				if user[m] {
					t.Errorf("a module using adapters/%s lists %s, which only flexgo's tooling needs", adapter, m)
				}
			}
			t.Logf("adapters/%s: %d modules in the graph, none of the %d only the tooling needs", adapter, len(user), len(toolingOnly))
		})
	}
}
