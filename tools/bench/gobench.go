package main

import (
	"bufio"
	"bytes"
	"context"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"
)

// goBench is one Go benchmark's result (the median of its runs by ns/op).
type goBench struct {
	Pkg      string // import path
	Name     string // without the Benchmark prefix and the -GOMAXPROCS suffix
	NsOp     float64
	BytesOp  float64 // -1 when not reported
	AllocsOp float64 // -1 when not reported
}

// runGoBenchmarks runs the packages' benchmarks with -benchmem and parses them. Packages that fail
// to build or whose benchmarks fail are reported in notes; the others' results still count.
func runGoBenchmarks(ctx context.Context, root string, pkgs []string, benchtime string, count int) ([]goBench, []string, error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Minute)
	defer cancel()
	args := []string{"test", "-run", "^$", "-bench", ".", "-benchmem", "-benchtime", benchtime,
		"-count", strconv.Itoa(count), "-timeout", "10m"}
	cmd := exec.CommandContext(ctx, "go", append(args, pkgs...)...)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	benches, notes := parseGoBench(out)
	if err != nil && len(benches) == 0 {
		return nil, notes, err
	}
	return benches, notes, nil
}

// parseGoBench reads `go test -bench` output: the "pkg:" lines say which package the following
// results belong to; repeated runs (-count) are reduced to their median by ns/op. Lines starting
// with FAIL are returned as notes.
func parseGoBench(out []byte) ([]goBench, []string) {
	type key struct{ pkg, name string }
	runs := map[key][]goBench{}
	var order []key
	var notes []string
	pkg, building := "", ""
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimSpace(rest)
			continue
		}
		if rest, ok := strings.CutPrefix(line, "# "); ok { // a package that does not compile: its first error
			building = rest
			continue
		}
		if building != "" {
			notes = append(notes, building+": "+strings.TrimSpace(line))
			building = ""
			continue
		}
		if (strings.HasPrefix(line, "FAIL") && strings.TrimSpace(line) != "FAIL") || strings.HasPrefix(line, "--- FAIL") {
			notes = append(notes, strings.Join(strings.Fields(line), " "))
			continue
		}
		b, ok := parseBenchLine(line)
		if !ok {
			continue
		}
		b.Pkg = pkg
		k := key{pkg, b.Name}
		if _, seen := runs[k]; !seen {
			order = append(order, k)
		}
		runs[k] = append(runs[k], b)
	}
	var res []goBench
	for _, k := range order {
		rs := runs[k]
		slices.SortFunc(rs, func(a, b goBench) int { return cmpFloat(a.NsOp, b.NsOp) })
		res = append(res, rs[len(rs)/2])
	}
	return res, notes
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// parseBenchLine parses "BenchmarkName-2   1000   1234 ns/op   56 B/op   7 allocs/op" (other
// metrics may sit between).
func parseBenchLine(line string) (goBench, bool) {
	f := strings.Fields(line)
	if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
		return goBench{}, false
	}
	if _, err := strconv.ParseInt(f[1], 10, 64); err != nil {
		return goBench{}, false
	}
	name := strings.TrimPrefix(f[0], "Benchmark")
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			name = name[:i]
		}
	}
	if name == "" {
		return goBench{}, false
	}
	b := goBench{Name: name, NsOp: -1, BytesOp: -1, AllocsOp: -1}
	for i := 2; i+1 < len(f); i += 2 {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return goBench{}, false
		}
		switch f[i+1] {
		case "ns/op":
			b.NsOp = v
		case "B/op":
			b.BytesOp = v
		case "allocs/op":
			b.AllocsOp = v
		}
	}
	return b, b.NsOp >= 0
}
