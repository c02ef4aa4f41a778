package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// run is the whole harness: build, start, load, cold starts, benchmarks, sizes, report.
func run(ctx context.Context, o options, stdout, progress io.Writer) error {
	root, err := findRoot(o.root)
	if err != nil {
		return err
	}
	cases, err := selectCases(o.cases)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "flexgo-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	rep := &report{
		Date: time.Now(), Command: commandLine(), Machine: readMachine(), GoVersion: goVersion(ctx, root), NodeVersion: "(not run)",
		Duration: o.duration, Runs: max(1, o.runs), Concs: o.concs, Cases: cases, LoadAvg: loadAverage(),
		Cold: map[string]coldResult{}, ColdRuns: o.coldRuns,
	}
	ld, err := chooseLoader(o.loader, tmp)
	if err != nil {
		return err
	}
	rep.Loader = ld.Name()

	fmt.Fprintln(progress, "building the twin and the control")
	twinBin, controlBin := filepath.Join(tmp, "twin-http"), filepath.Join(tmp, "control")
	if err := goBuild(ctx, root, "./conformance/twin/cmd/http", twinBin, nil); err != nil {
		return err
	}
	if err := goBuild(ctx, root, "./tools/bench/control", controlBin, nil); err != nil {
		return err
	}
	twinSpec := serverSpec{ID: "twin", Name: "flexgo twin (net/http)", Argv: []string{twinBin}, Dir: tmp}
	controlSpec := serverSpec{ID: "control", Name: "net/http control", Argv: []string{controlBin}, Dir: tmp}
	loadTwin := twinSpec
	if o.cpuprofile != "" {
		profBin := filepath.Join(tmp, "twin-prof")
		if err := goBuild(ctx, root, "./tools/bench/twinprof", profBin, nil); err != nil {
			return err
		}
		out, err := filepath.Abs(o.cpuprofile)
		if err != nil {
			return err
		}
		loadTwin.Argv, loadTwin.Env = []string{profBin}, []string{"FLEX_BENCH_CPUPROFILE=" + out}
		rep.Notes = append(rep.Notes, "The twin ran under the CPU profiler (-cpuprofile): its load figures carry the profiler's cost.")
	}
	if len(o.twinEnv) > 0 {
		loadTwin.Env = append(loadTwin.Env, o.twinEnv...)
		rep.Notes = append(rep.Notes, "The twin ran under load with "+strings.Join(o.twinEnv, " ")+".")
	}
	var specs []serverSpec
	nodeSpec, nodeNote := nodeReference(ctx, root, tmp)
	if !o.node {
		nodeNote = "skipped (-node=false)"
	}
	if nodeNote == "" {
		rep.NodeVersion = nodeVersion(ctx)
		specs = append(specs, nodeSpec)
	} else {
		rep.Servers = append(rep.Servers, serverInfo{ID: "node", Name: nodeSpec.Name, Note: nodeNote})
	}
	specs = append(specs, loadTwin, controlSpec)
	var baseSpec *serverSpec
	if o.baseline != "" {
		spec, err := baselineTwin(ctx, o.baseline, tmp)
		if err != nil {
			return err
		}
		baseSpec, rep.Baseline = &spec, o.baseline
		specs = append(specs, spec)
	}

	if err := loadPhase(ctx, rep, specs, cases, ld, o, tmp, progress); err != nil {
		return err
	}

	fmt.Fprintln(progress, "cold starts")
	subjects := coldSubjects(ctx, root, tmp, nodeSpec, nodeNote, twinSpec, controlSpec)
	if baseSpec != nil {
		subjects = append(subjects, coldSubject{id: "base", what: baseSpec.Name + ": exec → first 200 on GET /healthcheck",
			sample: httpSample(*baseSpec, tmp)})
	}
	for _, s := range subjects {
		rep.ColdOrder = append(rep.ColdOrder, s.id)
	}
	rep.Cold = measureColdStarts(ctx, subjects, o.coldRuns)

	if o.goBench {
		pkgs := []string{"./core", "./adapters/...", "./conformance/load", "./tools/lambdapeers"}
		rep.BenchCmd = fmt.Sprintf("go test -run '^$' -bench . -benchmem -benchtime %s -count %d %s",
			o.benchtime, o.benchCount, strings.Join(pkgs, " "))
		fmt.Fprintln(progress, rep.BenchCmd)
		benches, notes, err := runGoBenchmarks(ctx, root, pkgs, o.benchtime, o.benchCount)
		if err != nil {
			notes = append(notes, "go test: "+err.Error())
		}
		rep.Benches, rep.BenchNotes = benches, notes
		if o.benchCount > 1 {
			rep.BenchNotes = append(rep.BenchNotes, fmt.Sprintf("Each figure is the median of %d runs.", o.benchCount))
		}
	}
	if o.baseline != "" {
		fmt.Fprintln(progress, "instructions per request, before and after (callgrind)")
		rep.Instructions, rep.InstructionsNote = measureInstructions(ctx, root, o.baseline, tmp, progress)
	}
	if o.sizes {
		fmt.Fprintln(progress, "binary sizes")
		rep.Sizes = measureSizes(ctx, root, tmp)
	}
	rep.Checks = checkTargets(rep)

	var full, summary bytes.Buffer
	rep.writeFull(&full)
	rep.writeSummary(&summary)
	if _, err := stdout.Write(full.Bytes()); err != nil {
		return err
	}
	if o.writeReadme {
		if err := updateSection(filepath.Join(root, "README.md"), summary.String()); err != nil {
			return err
		}
		if err := updateSection(filepath.Join(root, "docs", "performance.md"), full.String()); err != nil {
			return err
		}
		var svg bytes.Buffer
		rep.writeChart(&svg)
		if err := os.WriteFile(filepath.Join(root, "docs", "performance.svg"), svg.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Fprintln(progress, "rewrote the measured sections of README.md and docs/performance.md")
	}
	return nil
}

// loadPhase starts the servers, checks their answers, measures their idle memory, loads them
// and stops them.
func loadPhase(ctx context.Context, rep *report, specs []serverSpec, cases []benchCase, ld loader, o options, tmp string, progress io.Writer) error {
	var servers []*server
	defer func() {
		for _, s := range servers {
			s.shutdown(10 * time.Second) // SIGTERM first: the profiling twin writes its profile then
		}
	}()
	for _, spec := range specs {
		fmt.Fprintf(progress, "starting %s\n", spec.Name)
		s, err := startServer(spec, tmp)
		if err != nil {
			return err
		}
		servers = append(servers, s)
		if _, err := s.waitHealthy(ctx, 60*time.Second); err != nil {
			return err
		}
	}
	time.Sleep(time.Second) // let start-up work settle before reading idle memory
	for _, s := range servers {
		rss, _, err := memStatus(s.Pid())
		if err != nil {
			return err
		}
		rep.Servers = append(rep.Servers, serverInfo{ID: s.ID, Name: s.Name, IdleRSS: rss})
		for _, c := range cases {
			if err := c.verify(s.Addr); err != nil {
				return fmt.Errorf("%s answers wrong: %w", s.Name, err)
			}
		}
	}
	slices.SortStableFunc(rep.Servers, func(a, b serverInfo) int { return serverRank(a.ID) - serverRank(b.ID) })

	fmt.Fprintf(progress, "load: %s, %s per run\n", ld.Name(), o.duration)
	machine0, own0 := readCPUSample(), selfAndChildrenCPU()
	var servers0 time.Duration
	for _, s := range servers {
		t, _ := cpuTime(s.Pid())
		servers0 += t
	}
	results, err := measureLoad(ctx, servers, loadPlan{
		Cases: cases, Concs: o.concs, Runs: max(1, o.runs), Duration: o.duration, Warmup: o.warmup,
		Loader: ld, Progress: progress,
	})
	if err != nil {
		return err
	}
	machine1, own1 := readCPUSample(), selfAndChildrenCPU()
	var servers1 time.Duration
	for _, s := range servers {
		t, _ := cpuTime(s.Pid())
		servers1 += t
	}
	rep.Results = results
	total := float64((machine1.busy + machine1.idle + machine1.steal) - (machine0.busy + machine0.idle + machine0.steal))
	if total > 0 {
		ours := (servers1 - servers0 + own1 - own0).Seconds() * clockTicks
		rep.OtherLoad = max(0, (float64(machine1.busy-machine0.busy)-ours)/total)
		rep.Steal = float64(machine1.steal-machine0.steal) / total
	}
	return nil
}

func serverRank(id string) int {
	switch id {
	case "node":
		return 0
	case "twin":
		return 1
	case "base":
		return 3
	}
	return 2
}

// baselineTwin builds the twin's net/http main of another checkout of flexgo (an earlier commit,
// unpacked with git archive), to be measured beside this one, taking turns with it.
func baselineTwin(ctx context.Context, dir, tmp string) (serverSpec, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return serverSpec{}, err
	}
	bin := filepath.Join(tmp, "twin-base")
	if err := goBuild(ctx, abs, "./conformance/twin/cmd/http", bin, []string{"GOWORK=off"}); err != nil {
		return serverSpec{}, fmt.Errorf("the baseline: %w", err)
	}
	return serverSpec{ID: "base", Name: "flexgo twin before (" + filepath.Base(abs) + ")", Argv: []string{bin}, Dir: tmp}, nil
}

// selectCases picks the requested cases (all when none are named).
func selectCases(ids []string) ([]benchCase, error) {
	if len(ids) == 0 {
		return benchCases, nil
	}
	var out []benchCase
	for _, id := range ids {
		i := slices.IndexFunc(benchCases, func(c benchCase) bool { return c.ID == id })
		if i < 0 {
			return nil, fmt.Errorf("no request %q (have get, insert, function, 401)", id)
		}
		out = append(out, benchCases[i])
	}
	return out, nil
}

// chooseLoader returns wrk or the Go load generator.
func chooseLoader(name, dir string) (loader, error) {
	switch name {
	case "go":
		return goLoader{}, nil
	case "wrk", "auto":
		if w, ok := findWrk(dir); ok {
			return w, nil
		}
		if name == "wrk" {
			return nil, fmt.Errorf("wrk is not installed (apt-get install wrk), use -loader go")
		}
		return goLoader{}, nil
	}
	return nil, fmt.Errorf("-loader must be wrk, go or auto")
}

// nodeReference is how to start the Node reference, or why it cannot be.
func nodeReference(ctx context.Context, root, tmp string) (serverSpec, string) {
	spec := serverSpec{ID: "node", Name: "Node kinvey-flex-sdk 3.3.0",
		Argv: []string{"node", filepath.Join(root, "conformance", "reference", "service.js")}}
	dir := filepath.Join(tmp, "node") // the reference appends its debug lines to ./output.log
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return spec, err.Error()
	}
	spec.Dir = dir
	if _, err := exec.LookPath("node"); err != nil {
		return spec, "node is not installed"
	}
	if !exists(filepath.Join(root, "conformance", "reference", "node_modules", "kinvey-flex-sdk")) {
		return spec, "run npm ci --prefix conformance/reference first"
	}
	return spec, ""
}

// coldSubjects are what the cold start section measures: two floors (a process that does
// nothing, a Go program that does nothing), the Node reference, the twin and the control on
// net/http, and the twin's Lambda bootstrap and Cloud Functions main where the tree has them.
func coldSubjects(ctx context.Context, root, tmp string, nodeSpec serverSpec, nodeNote string, twinSpec, controlSpec serverSpec) []coldSubject {
	var subjects []coldSubject
	floor := coldSubject{id: "floor", what: "floor: /bin/true, exec → exit"}
	if path, err := exec.LookPath("true"); err != nil {
		floor.note = err.Error()
	} else {
		floor.sample = execSample(path)
	}
	floorGo := coldSubject{id: "floor-go", what: "floor: an empty Go program, exec → exit"}
	if bin, err := emptyGoProgram(ctx, tmp); err != nil {
		floorGo.note = err.Error()
	} else {
		floorGo.sample = execSample(bin)
	}
	const healthy = ": exec → first 200 on GET /healthcheck"
	node := coldSubject{id: "node", what: nodeSpec.Name + healthy, note: nodeNote, sample: httpSample(nodeSpec, tmp)}
	subjects = append(subjects, floor, floorGo, node,
		coldSubject{id: "twin", what: twinSpec.Name + healthy, sample: httpSample(twinSpec, tmp)},
		coldSubject{id: "control", what: controlSpec.Name + healthy, sample: httpSample(controlSpec, tmp)})

	// The bootstrap is built for this machine's architecture, to run here.
	lambda := coldSubject{id: "lambda", what: "flexgo twin, Lambda bootstrap: exec → first GET …/runtime/invocation/next"}
	lambdaBin := filepath.Join(tmp, "twin-lambda")
	lambdaEnv := []string{"GOOS=linux", "GOARCH=" + runtime.GOARCH, "CGO_ENABLED=0"}
	switch {
	case !exists(filepath.Join(root, "conformance/twin/cmd/lambda")):
		lambda.note = "TODO: conformance/twin/cmd/lambda is not in this tree yet"
	default:
		if err := goBuild(ctx, root, "./conformance/twin/cmd/lambda", lambdaBin, lambdaEnv, "-tags", "lambda.norpc"); err != nil {
			lambda.note = err.Error()
		} else {
			lambda.sample = lambdaSample(lambdaBin)
		}
	}
	gcf := coldSubject{id: "gcf", what: "flexgo twin, Cloud Functions framework" + healthy}
	gcfBin := filepath.Join(tmp, "twin-gcf")
	switch {
	case !exists(filepath.Join(root, "conformance/twin/cmd/gcf")):
		gcf.note = "TODO: conformance/twin/cmd/gcf is not in this tree yet"
	default:
		if err := goBuild(ctx, root, "./conformance/twin/cmd/gcf", gcfBin, nil); err != nil {
			gcf.note = err.Error()
		} else {
			gcf.sample = httpSample(serverSpec{ID: "gcf", Name: "twin-gcf", Argv: []string{gcfBin}, Dir: tmp}, tmp)
		}
	}
	return append(subjects, lambda, gcf)
}

func goVersion(ctx context.Context, root string) string {
	cmd := exec.CommandContext(ctx, "go", "env", "GOVERSION")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return runtime.Version()
	}
	return strings.TrimSpace(string(out))
}

func nodeVersion(ctx context.Context) string {
	out, err := exec.CommandContext(ctx, "node", "--version").Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}

// commandLine is how the harness was started, as go run would be typed.
func commandLine() string {
	return strings.TrimSpace("go run ./tools/bench " + strings.Join(os.Args[1:], " "))
}
