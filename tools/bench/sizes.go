package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// binSize is the size of one build of an example.
type binSize struct {
	What   string // the example and platform
	Pkg    string
	Target string // GOOS/GOARCH
	Flags  string
	Bytes  int64
	Note   string // why it was not built
}

// sizeBuild is one build the harness measures.
type sizeBuild struct {
	what, pkg, goos, goarch string
	flags                   []string
}

const stripFlags = "-trimpath -ldflags=-s -w"

// sizeBuilds are the example's mains, per platform, as they are deployed.
func sizeBuilds() []sizeBuild {
	strip := []string{"-trimpath", "-ldflags=-s -w"}
	return []sizeBuild{
		{"bookstore, net/http (go build)", "./examples/bookstore", runtime.GOOS, runtime.GOARCH, nil},
		{"bookstore, net/http (container)", "./examples/bookstore", "linux", "amd64", strip},
		{"bookstore, Lambda bootstrap (SAM, provided.al2023)", "./examples/bookstore/cmd/lambda", "linux", "arm64",
			append(strip, "-tags", "lambda.norpc")},
		{"bookstore, Cloud Functions (functions-framework server)", "./examples/bookstore/cmd/gcf", "linux", "amd64", strip},
		{"twin, Cloud Functions (functions-framework server)", "./conformance/twin/cmd/gcf", "linux", "amd64", strip},
		{"net/http control (tools/bench/control)", "./tools/bench/control", "linux", "amd64", strip},
	}
}

// measureSizes builds each main that exists into dir and reports its size.
func measureSizes(ctx context.Context, root, dir string) []binSize {
	var res []binSize
	for i, b := range sizeBuilds() {
		s := binSize{What: b.what, Pkg: strings.TrimPrefix(b.pkg, "./"), Target: b.goos + "/" + b.goarch,
			Flags: strings.Join(b.flags, " ")}
		if s.Flags == "" {
			s.Flags = "(none)"
		}
		if strings.Contains(s.Flags, "-ldflags=-s -w") {
			s.Flags = strings.Replace(s.Flags, "-ldflags=-s -w", "-ldflags='-s -w'", 1)
		}
		if !exists(filepath.Join(root, b.pkg)) {
			continue // not written yet: nothing to say
		}
		if name, err := packageName(ctx, root, b.pkg); err != nil || name != "main" {
			s.Note = "not a main package"
			if err != nil {
				s.Note = err.Error()
			}
			res = append(res, s)
			continue
		}
		out := filepath.Join(dir, fmt.Sprintf("size-%d", i))
		env := []string{"GOOS=" + b.goos, "GOARCH=" + b.goarch, "CGO_ENABLED=0"}
		if err := goBuild(ctx, root, b.pkg, out, env, b.flags...); err != nil {
			s.Note = firstLine(err.Error())
		} else if s.Bytes, err = fileSize(out); err != nil {
			s.Note = err.Error()
		}
		_ = os.Remove(out)
		res = append(res, s)
	}
	return res
}

func packageName(ctx context.Context, root, pkg string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-f", "{{.Name}}", pkg)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go list %s: %v", pkg, err)
	}
	return strings.TrimSpace(string(out)), nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
