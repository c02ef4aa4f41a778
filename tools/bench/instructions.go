package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// instructionCount is the instructions one request costs in a core benchmark, before and after.
type instructionCount struct {
	Bench         string
	Before, After int64
}

// instructionBenches are the core benchmarks counted: one request of each kind, served inline
// (ServeTo, net/http's way) and pooled (Serve, Lambda's way).
var instructionBenches = []string{
	"DispatchGetByID/inline", "DispatchGetByID/pooled", "DispatchInsert/inline", "DispatchFunction/inline",
	"DispatchAuth/inline", "DispatchUnauthorized/inline",
}

// measureInstructions counts, under valgrind's callgrind, the instructions per request of the
// core benchmarks of the baseline checkout and of this one. Unlike time, an instruction count does
// not move with what else the machine does: the same binary counts the same, run after run.
func measureInstructions(ctx context.Context, root, baseline, tmp string, progress io.Writer) ([]instructionCount, string) {
	if _, err := exec.LookPath("valgrind"); err != nil {
		return nil, "Instructions not counted: valgrind is not installed (apt-get install valgrind)."
	}
	bins := map[string]string{}
	for name, dir := range map[string]string{"before": baseline, "after": root} {
		abs, _ := filepath.Abs(dir)
		bin := filepath.Join(tmp, "core-"+name+".test")
		cmd := exec.CommandContext(ctx, "go", "test", "-c", "-o", bin, "./core")
		cmd.Dir, cmd.Env = abs, append(os.Environ(), "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Sprintf("Instructions not counted: building %s's core tests: %v: %s", name, err, out)
		}
		bins[name] = bin
	}
	var out []instructionCount
	for _, b := range instructionBenches {
		fmt.Fprintf(progress, "  %s\n", b)
		x := instructionCount{Bench: b}
		var err error
		if x.Before, err = perRequest(ctx, bins["before"], b); err == nil {
			x.After, err = perRequest(ctx, bins["after"], b)
		}
		if err != nil {
			return out, "Instructions: " + err.Error()
		}
		out = append(out, x)
	}
	return out, ""
}

var collected = regexp.MustCompile(`Collected : (\d+)`)

// perRequest is (instructions at 12,000 iterations − at 2,000) ÷ 10,000: the cost of a request,
// without the process's start and the benchmark's setup.
func perRequest(ctx context.Context, bin, bench string) (int64, error) {
	count := func(n int) (int64, error) {
		var err error
		for try := 0; try < 4; try++ { // valgrind now and then dies on a Go program's signals: try again
			cmd := exec.CommandContext(ctx, "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
				bin, "-test.run", "^$", "-test.bench", "^Benchmark"+regexpPath(bench)+"$", "-test.benchtime", strconv.Itoa(n)+"x", "-test.cpu", "1")
			cmd.Env = append(os.Environ(), "GOGC=off", "GOMAXPROCS=1")
			raw, runErr := cmd.CombinedOutput()
			if m := collected.FindSubmatch(raw); runErr == nil && m != nil {
				return strconv.ParseInt(string(m[1]), 10, 64)
			}
			err = fmt.Errorf("callgrind on %s: %v: %s", bench, runErr, lastLines(raw, 3))
		}
		return 0, err
	}
	lo, err := count(2000)
	if err != nil {
		return 0, err
	}
	hi, err := count(12000)
	if err != nil {
		return 0, err
	}
	return (hi - lo) / 10000, nil
}

// regexpPath anchors each element of a benchmark path: "A/b" becomes "A$/^b".
func regexpPath(bench string) string { return strings.ReplaceAll(bench, "/", "$/^") }

// lastLines is the end of a command's output, for an error message.
func lastLines(out []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " / ")
}
