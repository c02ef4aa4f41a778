package main

import (
	"fmt"
	"strings"
	"time"
)

// Verdicts of a target.
const (
	verdictMet     = "met"
	verdictMissed  = "**missed**"
	verdictUnknown = "not measured"
)

// targetCheck is one of issue 6's targets and how this run did.
type targetCheck struct {
	Target   string
	Measured string
	Verdict  string
}

func verdict(ok bool) string {
	if ok {
		return verdictMet
	}
	return verdictMissed
}

// Issue 6's targets.
const (
	wantTimesNode        = 15.0
	wantShareOfControl   = 0.80
	wantP99Fraction      = 0.10
	wantColdStart        = 10 * time.Millisecond
	wantIdleRSS          = 12 << 20
	wantPeakRSS          = 25 << 20
	wantDispatchNs       = 3000.0
	wantDispatchAllocs   = 25.0
	wantLambdaOverheadNs = 10000.0
	corePkg              = "github.com/flexgo/flexgo/core"
	lambdaPkg            = "github.com/flexgo/flexgo/adapters/lambda"
	targetConc           = 64
)

// checkTargets evaluates the report against issue 6's targets.
func checkTargets(r *report) []targetCheck {
	var checks []targetCheck
	for _, c := range r.Cases {
		twin, okT := r.run("twin", c.ID, targetConc)
		node, okN := r.run("node", c.ID, targetConc)
		ctl, okC := r.run("control", c.ID, targetConc)
		t := targetCheck{Target: fmt.Sprintf("%s, c=%d: req/s ≥ %.0f× Node", c.Title, targetConc, wantTimesNode), Verdict: verdictUnknown}
		if okT && okN {
			x := twin.RPS() / node.RPS()
			t.Measured, t.Verdict = fmt.Sprintf("%.1f× (%.0f vs %.0f)", x, twin.RPS(), node.RPS()), verdict(x >= wantTimesNode)
		}
		checks = append(checks, t)
		t = targetCheck{Target: fmt.Sprintf("%s, c=%d: req/s ≥ %.0f%% of the control", c.Title, targetConc, wantShareOfControl*100), Verdict: verdictUnknown}
		if okT && okC {
			x := twin.RPS() / ctl.RPS()
			t.Measured, t.Verdict = fmt.Sprintf("%.0f%% (%.0f vs %.0f)", x*100, twin.RPS(), ctl.RPS()), verdict(x >= wantShareOfControl)
		}
		checks = append(checks, t)
		t = targetCheck{Target: fmt.Sprintf("%s, c=%d: p99 ≤ Node's ÷ 10", c.Title, targetConc), Verdict: verdictUnknown}
		if okT && okN {
			t.Measured = fmt.Sprintf("%s vs %s (÷ %.0f)", fmtDur(twin.P99), fmtDur(node.P99), float64(node.P99)/float64(max(twin.P99, 1)))
			t.Verdict = verdict(float64(twin.P99) <= float64(node.P99)*wantP99Fraction)
		}
		checks = append(checks, t)
	}

	t := targetCheck{Target: fmt.Sprintf("cold start (net/http binary): median ≤ %s", fmtDur(wantColdStart)), Verdict: verdictUnknown}
	if cs, ok := r.cold("twin"); ok {
		t.Measured, t.Verdict = fmt.Sprintf("%s (max %s)", fmtDur(cs.Median()), fmtDur(cs.Max())), verdict(cs.Median() <= wantColdStart)
	}
	checks = append(checks, t)

	t = targetCheck{Target: fmt.Sprintf("RSS idle ≤ %s", mib(wantIdleRSS)), Verdict: verdictUnknown}
	if s, ok := r.server("twin"); ok && s.IdleRSS > 0 {
		t.Measured, t.Verdict = mib(s.IdleRSS), verdict(s.IdleRSS <= wantIdleRSS)
	}
	checks = append(checks, t)
	t = targetCheck{Target: fmt.Sprintf("peak RSS at c=%d ≤ %s", targetConc, mib(wantPeakRSS)), Verdict: verdictUnknown}
	if peak := r.peakAt("twin", targetConc); peak > 0 {
		t.Measured, t.Verdict = mib(peak), verdict(peak <= wantPeakRSS)
	}
	checks = append(checks, t)

	t = targetCheck{Target: fmt.Sprintf("core dispatch of a get by id ≤ %s and ≤ %.0f allocs", fmtNs(wantDispatchNs), wantDispatchAllocs), Verdict: verdictUnknown}
	// The path net/http takes: ServeTo, under a cancelable request context.
	core, okCore := r.bench(corePkg, "DispatchGetByID/inline-cancelable")
	if okCore {
		t.Measured = fmt.Sprintf("%s, %.0f allocs (%s)", fmtNs(core.NsOp), core.AllocsOp, core.Name)
		t.Verdict = verdict(core.NsOp <= wantDispatchNs && core.AllocsOp >= 0 && core.AllocsOp <= wantDispatchAllocs)
	}
	checks = append(checks, t)

	lambdas := 0
	for _, b := range r.Benches {
		if b.Pkg != lambdaPkg || strings.HasSuffix(b.Name, "/core") {
			continue
		}
		lambdas++
		base, ok := r.bench(lambdaPkg, strings.TrimSuffix(b.Name, "/event")+"/core")
		if !ok { // a tree whose Lambda benchmarks have no core baseline of their own
			base, ok = r.bench(corePkg, lambdaBaseline(b.Name))
		}
		t := targetCheck{Target: fmt.Sprintf("Lambda %s: ≤ %s on top of the core", b.Name, fmtNs(wantLambdaOverheadNs)), Verdict: verdictUnknown}
		if ok {
			over := b.NsOp - base.NsOp
			t.Measured = fmt.Sprintf("%s (%s in all − %s %s)", fmtNs(over), fmtNs(b.NsOp), base.Name, fmtNs(base.NsOp))
			t.Verdict = verdict(over <= wantLambdaOverheadNs)
		}
		checks = append(checks, t)
	}
	if lambdas == 0 {
		checks = append(checks, targetCheck{Target: fmt.Sprintf("each Lambda event shape ≤ %s on top of the core", fmtNs(wantLambdaOverheadNs)),
			Measured: "no Lambda adapter benchmarks in this tree", Verdict: verdictUnknown})
	}
	return checks
}

// lambdaBaseline is the core benchmark nearest to a Lambda adapter benchmark's request, served
// as the Lambda adapter serves it (Serve, the handler on a pooled goroutine): the adapter's
// fixtures are an insert for the REST API (v1) and reads for the others. The difference
// of the handlers (the adapter's test service parses a query, the core's does not) counts against
// the adapter, so the overhead reported is an upper bound.
func lambdaBaseline(name string) string {
	if strings.Contains(name, "V1") {
		return "DispatchInsert/pooled"
	}
	return "DispatchGetByID/pooled"
}

// fmtNs formats a per-operation time in nanoseconds.
func fmtNs(ns float64) string {
	switch {
	case ns < 0:
		return "n/a"
	case ns < 1000:
		return fmt.Sprintf("%.0f ns", ns)
	case ns < 1e6:
		return fmt.Sprintf("%.2f µs", ns/1000)
	}
	return fmt.Sprintf("%.2f ms", ns/1e6)
}

// summarize counts the verdicts.
func summarize(checks []targetCheck) string {
	n := map[string]int{}
	for _, c := range checks {
		n[c.Verdict]++
	}
	parts := []string{fmt.Sprintf("%d met", n[verdictMet]), fmt.Sprintf("%d missed", n[verdictMissed])}
	if n[verdictUnknown] > 0 {
		parts = append(parts, fmt.Sprintf("%d not measured", n[verdictUnknown]))
	}
	return strings.Join(parts, ", ")
}
