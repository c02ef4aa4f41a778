// Command bench measures flexgo against the Node SDK it replaces, and against plain net/http.
//
//	go run ./tools/bench [-duration 5s] [-runs 1] [-quick] [-write-readme] [-baseline DIR]
//
// It builds the twin service's net/http main (conformance/twin/cmd/http) and a minimal net/http
// control (tools/bench/control), starts them beside the Node reference (conformance/reference, which
// needs `npm ci --prefix conformance/reference`), and drives each on loopback with the same load:
// wrk when it is installed, else its own Go load generator. For four requests (a get by id, an
// insert, a function call and a request without the shared secret) at concurrency 1, 16 and 64
// it reports req/s, p50 and p99 latency, the server's CPU seconds per 1,000 requests, its peak
// RSS, and the ratios to Node and to the control. Then it measures cold starts (exec to the
// first healthy answer, and for the Lambda bootstrap exec to its first request for an event),
// runs the Go benchmarks of the core and the adapters, builds the example for each platform and
// checks the figures against issue 6's targets.
//
// The report is markdown on standard output (progress goes to standard error). With
// -write-readme the harness also rewrites the section between the <!-- bench:start --> and
// <!-- bench:end --> markers of README.md (a summary) and of docs/performance.md (everything).
//
// Every server listens on 127.0.0.1 only, every run is bounded in time, and every process the
// harness starts is killed before it exits.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

type options struct {
	root        string
	duration    time.Duration
	warmup      time.Duration
	runs        int
	quick       bool
	concs       intList
	cases       stringList
	loader      string
	coldRuns    int
	node        bool
	goBench     bool
	benchtime   string
	benchCount  int
	sizes       bool
	writeReadme bool
	cpuprofile  string
	twinEnv     stringList
	baseline    string
	instrOnly   bool
}

func main() {
	var o options
	o.concs = intList{1, 16, 64}
	flag.StringVar(&o.root, "root", ".", "the flexgo repository")
	flag.DurationVar(&o.duration, "duration", 5*time.Second, "length of each measured run (wrk rounds it to whole seconds)")
	flag.DurationVar(&o.warmup, "warmup", time.Second, "unmeasured load per server and request before its runs")
	flag.IntVar(&o.runs, "runs", 1, "runs per server, request and concurrency; the median by req/s is reported")
	flag.BoolVar(&o.quick, "quick", false, "a smoke run: 1 s runs at c=64 only, short benchmarks")
	flag.Var(&o.concs, "c", "concurrencies, comma-separated")
	flag.Var(&o.cases, "cases", "requests to send, comma-separated (get, insert, function, 401; default all)")
	flag.StringVar(&o.loader, "loader", "auto", "load generator: wrk, go, or auto (wrk when installed)")
	flag.IntVar(&o.coldRuns, "cold-runs", 10, "cold starts measured per binary")
	flag.BoolVar(&o.node, "node", true, "measure the Node reference")
	flag.BoolVar(&o.goBench, "gobench", true, "run the Go benchmarks of ./core, ./adapters/... and ./conformance/load")
	flag.StringVar(&o.benchtime, "benchtime", "1s", "go test -benchtime")
	flag.IntVar(&o.benchCount, "benchcount", 3, "go test -count (the median is reported)")
	flag.BoolVar(&o.sizes, "sizes", true, "build the example for each platform and report the sizes")
	flag.BoolVar(&o.writeReadme, "write-readme", false, "rewrite the marked sections of README.md and docs/performance.md")
	flag.StringVar(&o.cpuprofile, "cpuprofile", "", "serve the twin with a CPU profile written to this file (its figures then carry the profiler's cost)")
	flag.StringVar(&o.baseline, "baseline", "", "another checkout of flexgo (an earlier commit: git archive <commit> | tar -x -C DIR) whose twin is measured beside this one, and whose core's instructions per request are counted beside this one's")
	flag.BoolVar(&o.instrOnly, "instructions-only", false, "with -baseline: only count the core's instructions per request, before and after")
	flag.Var(&o.twinEnv, "twin-env", "extra environment for the twin under load, comma-separated (GOGC=200,GOMAXPROCS=1)")
	flag.Parse()
	if o.quick {
		o.duration, o.warmup, o.concs = time.Second, time.Second, intList{64}
		o.benchtime, o.benchCount = "200ms", 1
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if o.instrOnly {
		if o.baseline == "" {
			fmt.Fprintln(os.Stderr, "bench: -instructions-only needs -baseline")
			os.Exit(2)
		}
		tmp, err := os.MkdirTemp("", "flexgo-bench-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		defer os.RemoveAll(tmp)
		rep := &report{Baseline: o.baseline}
		rep.Instructions, rep.InstructionsNote = measureInstructions(ctx, o.root, o.baseline, tmp, os.Stderr)
		rep.writeBaseline(os.Stdout, targetConc)
		return
	}
	if err := run(ctx, o, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
