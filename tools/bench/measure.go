package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"
)

// runResult is one load run against one server, with the server's own costs.
type runResult struct {
	Server string // server ID
	Case   string // case ID
	Conc   int
	loadResult
	CPU       time.Duration // the server's CPU time (user+system) during the run
	PeakRSS   int64         // the server's peak resident size during the run (its life, if !PeakOfRun)
	PeakOfRun bool
	Spread    float64 // (max − min) ÷ median of the req/s of the repeated runs; 0 for a single run
}

// CPUPer1k is the server's CPU seconds per 1,000 answers.
func (r runResult) CPUPer1k() float64 {
	if r.Requests == 0 {
		return 0
	}
	return r.CPU.Seconds() / float64(r.Requests) * 1000
}

// loadPlan is what the load phase runs.
type loadPlan struct {
	Cases    []benchCase
	Concs    []int
	Runs     int // per server, case and concurrency; the median by req/s is kept
	Duration time.Duration
	Warmup   time.Duration // per server and case, at concurrency 16, not measured
	Loader   loader
	Progress io.Writer
}

// measureLoad runs the plan against the servers. Servers take turns run by run (a case and a
// concurrency at a time), so a slow drift of the machine touches all of them alike.
func measureLoad(ctx context.Context, servers []*server, p loadPlan) ([]runResult, error) {
	var results []runResult
	total := len(p.Cases) * len(p.Concs) * p.Runs * len(servers) // measured runs, for the time left
	done, began := 0, time.Now()
	for _, c := range p.Cases {
		if p.Warmup > 0 {
			for _, s := range servers {
				if _, err := p.Loader.Run(ctx, s.Addr, c, 16, p.Warmup); err != nil {
					return nil, fmt.Errorf("warm-up of %s with %s: %w", s.Name, c.Title, err)
				}
			}
		}
		for _, conc := range p.Concs {
			runs := map[string][]runResult{}
			for range p.Runs {
				for _, s := range servers {
					if err := ctx.Err(); err != nil {
						return nil, err
					}
					r, err := measureRun(ctx, s, c, conc, p)
					if err != nil {
						return nil, err
					}
					done++
					left := time.Duration(float64(time.Since(began)) / float64(done) * float64(total-done)).Round(time.Second)
					fmt.Fprintf(p.Progress, "  [%3d/%d, %s left] %-8s %-9s c=%-3d %9.0f req/s  p50 %-9s p99 %-9s CPU %.3f s/1k  peak %s\n",
						done, total, left, s.ID, c.ID, conc, r.RPS(), fmtDur(r.P50), fmtDur(r.P99), r.CPUPer1k(), mib(r.PeakRSS))
					runs[s.ID] = append(runs[s.ID], r)
					time.Sleep(200 * time.Millisecond)
				}
			}
			for _, s := range servers {
				results = append(results, medianRun(runs[s.ID]))
			}
		}
	}
	return results, nil
}

func measureRun(ctx context.Context, s *server, c benchCase, conc int, p loadPlan) (runResult, error) {
	peakOfRun := resetPeak(s.Pid())
	cpu0, err := cpuTime(s.Pid())
	if err != nil {
		return runResult{}, fmt.Errorf("%s: %w", s.Name, err)
	}
	lr, err := p.Loader.Run(ctx, s.Addr, c, conc, p.Duration)
	if err != nil {
		return runResult{}, fmt.Errorf("%s, %s, c=%d: %w", s.Name, c.Title, conc, err)
	}
	cpu1, err := cpuTime(s.Pid())
	if err != nil {
		return runResult{}, fmt.Errorf("%s: %w (did it crash?)\n%s", s.Name, err, s.logTail())
	}
	_, hwm, err := memStatus(s.Pid())
	if err != nil {
		return runResult{}, fmt.Errorf("%s: %w", s.Name, err)
	}
	if lr.BadStatus > 0 { // fast and wrong is not a result
		return runResult{}, fmt.Errorf("%s, %s, c=%d: %d of %d answers had a status other than %d",
			s.Name, c.Title, conc, lr.BadStatus, lr.Requests, c.Status)
	}
	return runResult{Server: s.ID, Case: c.ID, Conc: conc, loadResult: lr, CPU: cpu1 - cpu0,
		PeakRSS: hwm, PeakOfRun: peakOfRun}, nil
}

// medianRun is the run with the median req/s; its peak RSS is the highest of all the runs.
func medianRun(rs []runResult) runResult {
	sorted := slices.Clone(rs)
	slices.SortFunc(sorted, func(a, b runResult) int { return cmpFloat(a.RPS(), b.RPS()) })
	m := sorted[len(sorted)/2]
	for _, r := range rs {
		m.PeakRSS = max(m.PeakRSS, r.PeakRSS)
	}
	if m.RPS() > 0 {
		m.Spread = (sorted[len(sorted)-1].RPS() - sorted[0].RPS()) / m.RPS()
	}
	return m
}

// fmtDur formats a latency with a precision that suits it.
func fmtDur(d time.Duration) string {
	switch {
	case d <= 0:
		return "n/a"
	case d < time.Millisecond:
		return fmt.Sprintf("%d µs", d.Microseconds())
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}
