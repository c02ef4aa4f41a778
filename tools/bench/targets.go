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

// targetCheck is one of the targets (issue 15's, the second performance round) and how this run did.
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

// The targets: issue 15's for throughput, CPU per request and the Lambda peers; issue 6's for
// the rest.
const (
	wantCPUTimesNode     = 15.0 // CPU per request at least 15× less than Node's
	wantShareOfControl   = 0.90 // req/s at least 0.90× the control's
	wantCPUOverControlUs = 3.0  // CPU per request at most the control's + 3 µs
	wantColdStart        = 10 * time.Millisecond
	wantIdleRSS          = 12 << 20
	wantPeakRSS          = 25 << 20
	wantDispatchNs       = 3000.0
	wantDispatchAllocs   = 25.0
	wantLambdaOverheadNs = 10000.0
	corePkg              = "github.com/flexgo/flexgo/core"
	lambdaPkg            = "github.com/flexgo/flexgo/adapters/lambda"
	peersPkg             = "github.com/flexgo/flexgo/tools/lambdapeers"
	targetConc           = 64
)

// checkTargets evaluates the report against issue 6's targets.
func checkTargets(r *report) []targetCheck {
	var checks []targetCheck
	for _, c := range r.Cases {
		twin, okT := r.run("twin", c.ID, targetConc)
		node, okN := r.run("node", c.ID, targetConc)
		ctl, okC := r.run("control", c.ID, targetConc)
		t := targetCheck{Target: fmt.Sprintf("%s, c=%d: req/s ≥ %.2f× the control", c.Title, targetConc, wantShareOfControl), Verdict: verdictUnknown}
		if okT && okC {
			x := twin.RPS() / ctl.RPS()
			t.Measured, t.Verdict = fmt.Sprintf("%.2f× (%.0f vs %.0f)", x, twin.RPS(), ctl.RPS()), verdict(x >= wantShareOfControl)
		}
		checks = append(checks, t)
		t = targetCheck{Target: fmt.Sprintf("%s, c=%d: CPU per request ≤ the control's + %.0f µs", c.Title, targetConc, wantCPUOverControlUs), Verdict: verdictUnknown}
		if okT && okC {
			over := (twin.CPUPer1k() - ctl.CPUPer1k()) * 1000
			t.Measured = fmt.Sprintf("%+.1f µs (%.1f vs %.1f µs)", over, twin.CPUPer1k()*1000, ctl.CPUPer1k()*1000)
			t.Verdict = verdict(over <= wantCPUOverControlUs)
		}
		checks = append(checks, t)
		t = targetCheck{Target: fmt.Sprintf("%s, c=%d: CPU per request ≥ %.0f× less than Node's", c.Title, targetConc, wantCPUTimesNode), Verdict: verdictUnknown}
		if okT && okN && twin.CPUPer1k() > 0 {
			x := node.CPUPer1k() / twin.CPUPer1k()
			t.Measured = fmt.Sprintf("%.1f× (%.0f vs %.1f µs)", x, node.CPUPer1k()*1000, twin.CPUPer1k()*1000)
			t.Verdict = verdict(x >= wantCPUTimesNode)
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
	for _, shape := range []string{"v2", "v1", "alb"} {
		for _, req := range []string{"get-by-id", "function-call"} {
			ours, okO := r.bench(peersPkg, "PerEvent/"+shape+"/"+req+"/flexgo")
			peer, okP := r.bench(peersPkg, "PerEvent/"+shape+"/"+req+"/api-proxy")
			t := targetCheck{Target: fmt.Sprintf("Lambda %s %s: faster than aws-lambda-go-api-proxy", shape, strings.ReplaceAll(req, "-", " ")), Verdict: verdictUnknown}
			if okO && okP {
				t.Measured = fmt.Sprintf("%s vs %s (%.2f×)", fmtNs(ours.NsOp), fmtNs(peer.NsOp), ours.NsOp/peer.NsOp)
				t.Verdict = verdict(ours.NsOp < peer.NsOp)
			}
			checks = append(checks, t)
		}
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
