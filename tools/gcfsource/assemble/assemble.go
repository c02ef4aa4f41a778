// Package assemble builds the source directory of a Cloud Functions deploy; see tools/gcfsource.
package assemble

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// GoDirective is the go directive of the upload's go.mod: one the go126 runtime accepts (any Go
// 1.26.x toolchain does). It matches flexgo's own go.mod, because `go mod tidy` raises the upload's
// directive to the highest one among its requirements.
const GoDirective = "1.26.0"

// Source copies the non-test Go files of pkg (a directory of the flexgo repository, found from
// the working directory) into out, which it replaces, writes a go.mod for module that requires
// flexgo through a replace to the repository, and vendors every dependency.
func Source(pkg, out, module string) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	src := filepath.Join(root, filepath.FromSlash(pkg))
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	copied := 0
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, name), b, 0o644); err != nil {
			return err
		}
		copied++
	}
	if copied == 0 {
		return fmt.Errorf("no Go files in %s", src)
	}
	gomod := fmt.Sprintf("module %s\n\ngo %s\n\nrequire github.com/flexgo/flexgo v0.0.0\n\nreplace github.com/flexgo/flexgo => %s\n",
		module, GoDirective, root)
	if err := os.WriteFile(filepath.Join(out, "go.mod"), []byte(gomod), 0o644); err != nil {
		return err
	}
	// The module cache already holds every dependency of flexgo: no network is needed.
	for _, args := range [][]string{{"mod", "tidy"}, {"mod", "vendor"}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = out
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local")
		if b, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, b)
		}
	}
	// vendor/ now holds flexgo itself: point the replace at a directory the upload does not have,
	// in go.mod and vendor/modules.txt alike, so this machine's path stays out of the upload and
	// nothing but vendor/ can be read.
	for _, name := range []string{"go.mod", filepath.Join("vendor", "modules.txt")} {
		p := filepath.Join(out, name)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		b = []byte(strings.ReplaceAll(string(b), "=> "+root, "=> "+ReplacePath))
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// ReplacePath is where the upload's go.mod says flexgo is: nowhere; vendor/ has it.
const ReplacePath = "./flexgo-is-vendored"

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.HasPrefix(string(b), "module github.com/flexgo/flexgo\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("not inside the flexgo repository")
		}
		dir = parent
	}
}
