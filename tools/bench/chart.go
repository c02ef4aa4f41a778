package main

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// The chart the harness draws into docs/performance.svg: req/s and p99 latency by request at the
// target concurrency (Node, flexgo, the control, and the baseline when there is one), and the
// cost of one Lambda event through flexgo's adapter and through aws-lambda-go-api-proxy. Plain
// SVG written by hand: a handful of bars needs no plotting library.

type series struct {
	name  string
	color string
}

var chartSeries = map[string]series{
	"node":    {"Node kinvey-flex-sdk", "#c0504d"},
	"twin":    {"flexgo", "#2e75b6"},
	"control": {"net/http control", "#9bbb59"},
	"base":    {"flexgo before", "#8064a2"},
}

// barGroup is one group of bars: a label and a value per series (NaN when missing).
type barGroup struct {
	label  string
	values []float64
}

// writeChart writes the SVG.
func (r *report) writeChart(w io.Writer) {
	ids := []string{"node", "twin", "control"}
	if r.Baseline != "" {
		ids = append(ids, "base")
	}
	var rps, p99 []barGroup
	for _, c := range r.Cases {
		g, l := barGroup{label: c.Title}, barGroup{label: c.Title}
		for _, id := range ids {
			x, ok := r.run(id, c.ID, targetConc)
			if !ok {
				g.values, l.values = append(g.values, math.NaN()), append(l.values, math.NaN())
				continue
			}
			g.values = append(g.values, x.RPS())
			l.values = append(l.values, float64(x.P99.Microseconds())/1000)
		}
		rps, p99 = append(rps, g), append(p99, l)
	}
	var lambda []barGroup
	for _, shape := range []string{"v2", "v1", "alb"} {
		for _, req := range []string{"get-by-id", "function-call"} {
			g := barGroup{label: shape + " " + strings.ReplaceAll(req, "-", " ")}
			for _, peer := range []string{"flexgo", "api-proxy"} {
				b, ok := r.bench("github.com/flexgo/flexgo/tools/lambdapeers", "PerEvent/"+shape+"/"+req+"/"+peer)
				if !ok {
					g.values = append(g.values, math.NaN())
					continue
				}
				g.values = append(g.values, b.NsOp/1000)
			}
			lambda = append(lambda, g)
		}
	}

	const width, panelH = 960, 300
	height := 3*panelH + 60
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">`+"\n", width, height)
	fmt.Fprintf(w, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	var names, colors []string
	for _, id := range ids {
		names, colors = append(names, chartSeries[id].name), append(colors, chartSeries[id].color)
	}
	barPanel(w, 0, width, panelH, fmt.Sprintf("req/s at c=%d (higher is better)", targetConc), rps, names, colors, false, "%.0f")
	barPanel(w, panelH, width, panelH, fmt.Sprintf("p99 latency at c=%d, ms, log scale (lower is better)", targetConc), p99, names, colors, true, "%.1f")
	barPanel(w, 2*panelH, width, panelH, "one Lambda event, bytes in to bytes out, µs (lower is better)", lambda,
		[]string{"flexgo adapters/lambda", "aws-lambda-go-api-proxy + flexhttp.Handler"}, []string{"#2e75b6", "#f79646"}, false, "%.1f")
	fmt.Fprintf(w, `<text x="10" y="%d" fill="#555">%s</text>`+"\n", height-12, xmlEscape(fmt.Sprintf("Measured %s, %s; %s.",
		r.Date.UTC().Format("2006-01-02 15:04 UTC"), fmt.Sprintf("%d × %s", r.Machine.CPUs, r.Machine.Model), r.Command)))
	fmt.Fprintln(w, "</svg>")
}

// barPanel draws one panel of grouped bars at y0.
func barPanel(w io.Writer, y0, width, height int, title string, groups []barGroup, names, colors []string, logScale bool, format string) {
	const left, right, top, bottom = 70, 20, 40, 60
	plotW, plotH := width-left-right, height-top-bottom
	maxV := 0.0
	minV := math.Inf(1)
	for _, g := range groups {
		for _, v := range g.values {
			if !math.IsNaN(v) {
				maxV = math.Max(maxV, v)
				if v > 0 {
					minV = math.Min(minV, v)
				}
			}
		}
	}
	if maxV == 0 {
		maxV = 1
	}
	scale := func(v float64) float64 {
		if logScale {
			lo := math.Log10(minV / 2)
			return (math.Log10(math.Max(v, minV/2)) - lo) / (math.Log10(maxV*1.1) - lo)
		}
		return v / (maxV * 1.1)
	}
	fmt.Fprintf(w, `<text x="%d" y="%d" font-size="14" font-weight="bold">%s</text>`+"\n", left, y0+22, xmlEscape(title))
	fmt.Fprintf(w, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333"/>`+"\n", left, y0+top+plotH, left+plotW, y0+top+plotH)
	if len(groups) == 0 {
		return
	}
	groupW := float64(plotW) / float64(len(groups))
	barW := groupW * 0.8 / float64(len(names))
	for gi, g := range groups {
		gx := float64(left) + float64(gi)*groupW + groupW*0.1
		for si, v := range g.values {
			if math.IsNaN(v) {
				continue
			}
			h := scale(v) * float64(plotH)
			x, y := gx+float64(si)*barW, float64(y0+top+plotH)-h
			fmt.Fprintf(w, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`+"\n", x, y, barW-2, h, colors[si%len(colors)])
			fmt.Fprintf(w, `<text x="%.1f" y="%.1f" font-size="10" text-anchor="middle">%s</text>`+"\n", x+barW/2-1, y-3, fmt.Sprintf(format, v))
		}
		fmt.Fprintf(w, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", gx+groupW*0.4, y0+top+plotH+16, xmlEscape(g.label))
	}
	for si, name := range names {
		x := left + si*230
		fmt.Fprintf(w, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d">%s</text>`+"\n",
			x, y0+height-22, colors[si%len(colors)], x+16, y0+height-12, xmlEscape(name))
	}
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
