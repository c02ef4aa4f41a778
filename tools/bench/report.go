package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// serverInfo is one server under test.
type serverInfo struct {
	ID, Name string
	IdleRSS  int64  // VmRSS a second after it first answered, before any load
	Note     string // why it was not measured
}

// report is everything one harness run measured.
type report struct {
	Date        time.Time
	Command     string
	Machine     machine
	GoVersion   string
	NodeVersion string
	Loader      string
	Duration    time.Duration
	Runs        int
	Concs       []int
	Cases       []benchCase
	Servers     []serverInfo
	Results     []runResult
	OtherLoad   float64 // share of the machine used by other processes during the load phase
	Steal       float64 // share of the machine's time stolen by the hypervisor during it
	LoadAvg     string  // one-minute load average before the run
	Cold        map[string]coldResult
	ColdOrder   []string
	ColdRuns    int
	Benches     []goBench
	BenchNotes  []string
	BenchCmd    string
	Sizes       []binSize
	Checks      []targetCheck
	Notes       []string

	Baseline         string // the other checkout measured beside this one ("base"), if any
	Instructions     []instructionCount
	InstructionsNote string
}

// spread is the median and the largest spread of req/s between repeated runs.
func (r *report) spread() (median, top float64, ok bool) {
	if r.Runs < 2 || len(r.Results) == 0 {
		return 0, 0, false
	}
	var s []float64
	for _, x := range r.Results {
		s = append(s, x.Spread)
	}
	slices.Sort(s)
	return s[len(s)/2], s[len(s)-1], true
}

func (r *report) run(server, caseID string, conc int) (runResult, bool) {
	for _, x := range r.Results {
		if x.Server == server && x.Case == caseID && x.Conc == conc {
			return x, true
		}
	}
	return runResult{}, false
}

func (r *report) server(id string) (serverInfo, bool) {
	for _, s := range r.Servers {
		if s.ID == id && s.Note == "" {
			return s, true
		}
	}
	return serverInfo{}, false
}

func (r *report) cold(id string) (coldResult, bool) {
	c, ok := r.Cold[id]
	return c, ok && len(c.Samples) > 0
}

func (r *report) bench(pkg, name string) (goBench, bool) {
	for _, b := range r.Benches {
		if b.Pkg == pkg && b.Name == name {
			return b, true
		}
	}
	return goBench{}, false
}

// peakAt is a server's highest peak RSS over the runs at a concurrency.
func (r *report) peakAt(server string, conc int) int64 {
	var peak int64
	for _, x := range r.Results {
		if x.Server == server && x.Conc == conc {
			peak = max(peak, x.PeakRSS)
		}
	}
	return peak
}

func (r *report) serverName(id string) string {
	for _, s := range r.Servers {
		if s.ID == id {
			return s.Name
		}
	}
	return id
}

// writeHeader writes where and how the figures were measured, and how noisy the machine was.
func (r *report) writeHeader(w io.Writer) {
	m := r.Machine
	fmt.Fprintf(w, "Measured %s on %d × %s (Linux %s, %.0f GiB), %s, Node %s with kinvey-flex-sdk 3.3.0. ",
		r.Date.UTC().Format("2006-01-02 15:04 MST"), m.CPUs, m.Model, m.Kernel, float64(m.Memory)/(1<<30), r.GoVersion, r.NodeVersion)
	fmt.Fprintf(w, "Load: %s on the same machine, loopback, keep-alive, %s per run", r.Loader, r.Duration)
	if r.Runs > 1 {
		fmt.Fprintf(w, ", median of %d runs", r.Runs)
	}
	fmt.Fprintf(w, "; servers take turns run by run. Command: `%s`.\n\n", r.Command)
	fmt.Fprintf(w, "Noise: the load generator shares the %d CPUs with the server it drives (as in the issue's baseline). "+
		"During the load phase other processes used %.0f%% of the machine and the hypervisor reported %.1f%% steal; "+
		"the load average before the run was %s.", m.CPUs, r.OtherLoad*100, r.Steal*100, r.LoadAvg)
	if med, top, ok := r.spread(); ok {
		fmt.Fprintf(w, " Repeated runs of the same server and request spread (max − min ÷ median req/s) by %.0f%% "+
			"at the median and %.0f%% at worst.", med*100, top*100)
	}
	fmt.Fprintf(w, " Absolute req/s drift with the host; the ratios, and CPU per request, move less.\n")
	for _, n := range r.Notes {
		fmt.Fprintf(w, "\n- %s", n)
	}
	if len(r.Notes) > 0 {
		fmt.Fprintln(w)
	}
}

// writeTargets writes the targets table.
func (r *report) writeTargets(w io.Writer) {
	fmt.Fprintf(w, "| target | measured | |\n| --- | --- | --- |\n")
	for _, c := range r.Checks {
		fmt.Fprintf(w, "| %s | %s | %s |\n", c.Target, c.Measured, c.Verdict)
	}
	fmt.Fprintf(w, "\nTargets: %s.\n", summarize(r.Checks))
}

// writeSummaryTable writes throughput and latency at the target concurrency, with the ratios.
func (r *report) writeSummaryTable(w io.Writer, conc int) {
	fmt.Fprintf(w, "| request (c=%d) | Node req/s | flexgo req/s | control req/s | flexgo ÷ Node | flexgo ÷ control | p99 Node | p99 flexgo | p99 control |\n", conc)
	fmt.Fprintf(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, c := range r.Cases {
		node, okN := r.run("node", c.ID, conc)
		twin, okT := r.run("twin", c.ID, conc)
		ctl, okC := r.run("control", c.ID, conc)
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", c.Title,
			rps(node, okN), rps(twin, okT), rps(ctl, okC), ratio(twin, okT, node, okN), ratio(twin, okT, ctl, okC),
			p99(node, okN), p99(twin, okT), p99(ctl, okC))
	}
}

// writeCPUTable writes the servers' CPU per request at a concurrency: the cost behind the
// throughput, steadier than req/s on a shared machine.
func (r *report) writeCPUTable(w io.Writer, conc int) {
	fmt.Fprintf(w, "| CPU per request (c=%d) | Node | flexgo | control | Node ÷ flexgo | flexgo − control |\n", conc)
	fmt.Fprintf(w, "| --- | ---: | ---: | ---: | ---: | ---: |\n")
	us := func(x runResult, ok bool) string {
		if !ok {
			return "n/a"
		}
		return fmt.Sprintf("%.0f µs", x.CPUPer1k()*1000)
	}
	for _, c := range r.Cases {
		node, okN := r.run("node", c.ID, conc)
		twin, okT := r.run("twin", c.ID, conc)
		ctl, okC := r.run("control", c.ID, conc)
		times, extra := "n/a", "n/a"
		if okN && okT && twin.CPUPer1k() > 0 {
			times = fmt.Sprintf("%.1f×", node.CPUPer1k()/twin.CPUPer1k())
		}
		if okT && okC {
			extra = fmt.Sprintf("%+.0f µs", (twin.CPUPer1k()-ctl.CPUPer1k())*1000)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", c.Title, us(node, okN), us(twin, okT), us(ctl, okC), times, extra)
	}
}

func rps(r runResult, ok bool) string {
	if !ok {
		return "n/a"
	}
	return fmt.Sprintf("%.0f", r.RPS())
}

func p99(r runResult, ok bool) string {
	if !ok {
		return "n/a"
	}
	return fmtDur(r.P99)
}

func ratio(a runResult, okA bool, b runResult, okB bool) string {
	if !okA || !okB || b.RPS() == 0 {
		return "n/a"
	}
	x := a.RPS() / b.RPS()
	if x >= 10 {
		return fmt.Sprintf("%.0f×", x)
	}
	return fmt.Sprintf("%.2f×", x)
}

// writeAllRuns writes every run.
func (r *report) writeAllRuns(w io.Writer) {
	fmt.Fprintf(w, "| request | c | server | req/s | p50 | p99 | CPU s / 1k req | peak RSS | ÷ Node | ÷ control |\n")
	fmt.Fprintf(w, "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, c := range r.Cases {
		for _, conc := range r.Concs {
			node, okN := r.run("node", c.ID, conc)
			ctl, okC := r.run("control", c.ID, conc)
			for _, s := range r.Servers {
				x, ok := r.run(s.ID, c.ID, conc)
				if !ok {
					continue
				}
				errs := ""
				if x.Errors > 0 {
					errs = fmt.Sprintf(" (%d errors)", x.Errors)
				}
				fmt.Fprintf(w, "| %s | %d | %s | %.0f%s | %s | %s | %.3f | %s | %s | %s |\n", c.Title, conc, s.Name,
					x.RPS(), errs, fmtDur(x.P50), fmtDur(x.P99), x.CPUPer1k(), mib(x.PeakRSS),
					ratio(x, true, node, okN), ratio(x, true, ctl, okC))
			}
		}
	}
}

// writeMemory writes idle and peak RSS per server.
func (r *report) writeMemory(w io.Writer) {
	fmt.Fprintf(w, "| server | RSS idle | peak RSS at c=%d |\n| --- | ---: | ---: |\n", targetConc)
	for _, s := range r.Servers {
		if s.Note != "" {
			fmt.Fprintf(w, "| %s | not measured: %s | |\n", s.Name, s.Note)
			continue
		}
		fmt.Fprintf(w, "| %s | %s | %s |\n", s.Name, mib(s.IdleRSS), mib(r.peakAt(s.ID, targetConc)))
	}
}

// writeCold writes the cold starts.
func (r *report) writeCold(w io.Writer) {
	fmt.Fprintf(w, "| cold start (%d runs each, after one unmeasured) | median | max |\n| --- | ---: | ---: |\n", r.ColdRuns)
	for _, id := range r.ColdOrder {
		c := r.Cold[id]
		if len(c.Samples) == 0 {
			fmt.Fprintf(w, "| %s | not measured: %s | |\n", c.What, oneLine(c.Note))
			continue
		}
		fmt.Fprintf(w, "| %s | %s | %s |\n", c.What, fmtDur(c.Median()), fmtDur(c.Max()))
	}
}

// writeBenches writes the Go benchmarks.
func (r *report) writeBenches(w io.Writer) {
	fmt.Fprintf(w, "`%s`\n\n", r.BenchCmd)
	if len(r.Benches) == 0 {
		fmt.Fprintf(w, "No benchmark results.\n")
	} else {
		fmt.Fprintf(w, "| package | benchmark | time/op | B/op | allocs/op |\n| --- | --- | ---: | ---: | ---: |\n")
		for _, b := range r.Benches {
			fmt.Fprintf(w, "| %s | %s | %s | %.0f | %.0f |\n", strings.TrimPrefix(b.Pkg, "github.com/flexgo/flexgo/"),
				b.Name, fmtNs(b.NsOp), b.BytesOp, b.AllocsOp)
		}
	}
	for _, n := range r.BenchNotes {
		fmt.Fprintf(w, "\n- %s", n)
	}
	if len(r.BenchNotes) > 0 {
		fmt.Fprintln(w)
	}
}

// writeSizes writes the binary sizes.
func (r *report) writeSizes(w io.Writer) {
	fmt.Fprintf(w, "| binary | package | GOOS/GOARCH | flags | size |\n| --- | --- | --- | --- | ---: |\n")
	for _, s := range r.Sizes {
		size := mib(s.Bytes)
		if s.Note != "" {
			size = "not built: " + oneLine(s.Note)
		}
		fmt.Fprintf(w, "| %s | %s | %s | `%s` | %s |\n", s.What, s.Pkg, s.Target, s.Flags, size)
	}
}

func oneLine(s string) string {
	s = firstLine(s)
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return strings.ReplaceAll(s, "|", "\\|")
}

// writeFull writes the whole report: what docs/performance.md holds and what the harness prints.
func (r *report) writeFull(w io.Writer) {
	r.writeHeader(w)
	fmt.Fprintf(w, "\n![req/s and p99 by request; one Lambda event through flexgo and through aws-lambda-go-api-proxy](performance.svg)\n")
	fmt.Fprintf(w, "\n#### Targets\n\n")
	r.writeTargets(w)
	fmt.Fprintf(w, "\n#### Throughput and latency at c=%d\n\n", targetConc)
	r.writeSummaryTable(w, targetConc)
	fmt.Fprintln(w)
	r.writeCPUTable(w, targetConc)
	fmt.Fprintf(w, "\n#### Every run\n\n")
	r.writeAllRuns(w)
	fmt.Fprintf(w, "\n#### Memory\n\n")
	r.writeMemory(w)
	fmt.Fprintf(w, "\n#### Cold start\n\n")
	r.writeCold(w)
	fmt.Fprintf(w, "\n#### Go benchmarks\n\n")
	r.writeBenches(w)
	fmt.Fprintf(w, "\n#### Binary sizes\n\n")
	r.writeSizes(w)
	if r.Baseline != "" {
		fmt.Fprintf(w, "\n#### Before and after: this checkout beside %s\n\n", r.Baseline)
		r.writeBaseline(w, targetConc)
	}
}

// writeBaseline compares the twin with the baseline's, measured in the same run, taking turns.
func (r *report) writeBaseline(w io.Writer, conc int) {
	if len(r.Results) > 0 {
		fmt.Fprintf(w, "| request (c=%d) | before req/s | after req/s | after ÷ before | CPU/req before | CPU/req after | p99 before | p99 after |\n", conc)
		fmt.Fprintf(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	}
	us := func(x runResult, ok bool) string {
		if !ok {
			return "n/a"
		}
		return fmt.Sprintf("%.1f µs", x.CPUPer1k()*1000)
	}
	for _, c := range r.Cases {
		if len(r.Results) == 0 {
			break
		}
		base, okB := r.run("base", c.ID, conc)
		twin, okT := r.run("twin", c.ID, conc)
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", c.Title, rps(base, okB), rps(twin, okT),
			ratio(twin, okT, base, okB), us(base, okB), us(twin, okT), p99(base, okB), p99(twin, okT))
	}
	if b, ok := r.cold("base"); ok && len(b.Samples) > 0 {
		if t, ok := r.cold("twin"); ok && len(t.Samples) > 0 {
			fmt.Fprintf(w, "\nCold start (exec → first 200), median of %d: before %s, after %s.\n", len(t.Samples),
				fmtDur(b.Median()), fmtDur(t.Median()))
		}
	}
	if len(r.Instructions) > 0 {
		fmt.Fprintf(w, "\nInstructions per request in the core (`valgrind --tool=callgrind`, the same binary always counts the same; "+
			"GOGC=off, GOMAXPROCS=1, (count at 12,000 − count at 2,000) ÷ 10,000 of each benchmark):\n\n")
		fmt.Fprintf(w, "| benchmark | before | after | after ÷ before |\n| --- | ---: | ---: | ---: |\n")
		for _, x := range r.Instructions {
			fmt.Fprintf(w, "| %s | %d | %d | %.3f |\n", x.Bench, x.Before, x.After, float64(x.After)/float64(x.Before))
		}
	}
	if r.InstructionsNote != "" {
		fmt.Fprintf(w, "\n%s\n", r.InstructionsNote)
	}
}

// writeSummary writes README's section: the ratios at c=64, memory, cold start and the targets.
func (r *report) writeSummary(w io.Writer) {
	r.writeHeader(w)
	fmt.Fprintf(w, "\n![req/s and p99 by request; one Lambda event through flexgo and through aws-lambda-go-api-proxy](docs/performance.svg)\n")
	fmt.Fprintln(w)
	r.writeSummaryTable(w, targetConc)
	fmt.Fprintln(w)
	r.writeCPUTable(w, targetConc)
	fmt.Fprintln(w)
	r.writeMemory(w)
	fmt.Fprintln(w)
	r.writeCold(w)
	fmt.Fprintln(w)
	r.writeTargets(w)
}
