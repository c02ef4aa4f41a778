package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// wrkLoader drives the servers with wrk (one thread, as in the baseline); a Lua script
// sets the request and prints wrk's summary as one JSON line.
type wrkLoader struct {
	path    string // the wrk binary
	version string
	dir     string // where the scripts are written
}

// findWrk returns a wrk loader when wrk is installed.
func findWrk(dir string) (*wrkLoader, bool) {
	path, err := exec.LookPath("wrk")
	if err != nil {
		return nil, false
	}
	out, _ := exec.Command(path, "--version").CombinedOutput() // wrk exits 1 after its banner
	version, _, _ := strings.Cut(string(out), " [")
	return &wrkLoader{path: path, version: strings.TrimSpace(version), dir: dir}, true
}

func (w *wrkLoader) Name() string { return w.version + " (-t1)" }

// wrkSummary is the line the script's done() prints.
type wrkSummary struct {
	Requests      int64 `json:"requests"`
	DurationMicro int64 `json:"duration_us"`
	StatusErrors  int64 `json:"status_errors"`
	ConnectErrors int64 `json:"connect_errors"`
	ReadErrors    int64 `json:"read_errors"`
	WriteErrors   int64 `json:"write_errors"`
	Timeouts      int64 `json:"timeouts"`
	P50Micro      int64 `json:"p50_us"`
	P99Micro      int64 `json:"p99_us"`
}

const wrkSummaryPrefix = "BENCH-SUMMARY "

// wrkScript is the Lua script for a case: the request, and a done() that prints the summary.
func wrkScript(c benchCase) string {
	var b strings.Builder
	fmt.Fprintf(&b, "wrk.method = %q\n", c.Method)
	if c.Body != "" {
		fmt.Fprintf(&b, "wrk.body = [==[%s]==]\n", c.Body)
		b.WriteString("wrk.headers[\"Content-Type\"] = \"application/json\"\n")
	}
	if c.Key {
		fmt.Fprintf(&b, "wrk.headers[\"X-Auth-Key\"] = %q\n", benchSecret)
	}
	b.WriteString(`done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("` + wrkSummaryPrefix + `{\"requests\":%d,\"duration_us\":%d,\"status_errors\":%d,\"connect_errors\":%d,\"read_errors\":%d,\"write_errors\":%d,\"timeouts\":%d,\"p50_us\":%d,\"p99_us\":%d}\n",
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`)
	return b.String()
}

func (w *wrkLoader) Run(ctx context.Context, addr string, c benchCase, conns int, d time.Duration) (loadResult, error) {
	script := filepath.Join(w.dir, "wrk-"+c.ID+".lua")
	if err := os.WriteFile(script, []byte(wrkScript(c)), 0o644); err != nil {
		return loadResult{}, err
	}
	secs := max(1, int(d.Round(time.Second)/time.Second))
	ctx, cancel := context.WithTimeout(ctx, d+30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, w.path, "-t1", "-c"+strconv.Itoa(conns), "-d"+strconv.Itoa(secs)+"s",
		"--timeout", "10s", "-s", script, "http://"+addr+c.Path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return loadResult{}, fmt.Errorf("wrk: %v\n%s", err, out)
	}
	s, err := parseWrk(out)
	if err != nil {
		return loadResult{}, fmt.Errorf("%v\n%s", err, out)
	}
	// wrk counts every answer of status 400 and above as a status error.
	bad := s.StatusErrors
	if c.Status >= 400 {
		bad = s.Requests - s.StatusErrors
	}
	return loadResult{
		Requests:  s.Requests,
		BadStatus: bad,
		Errors:    s.ConnectErrors + s.ReadErrors + s.WriteErrors + s.Timeouts,
		Elapsed:   time.Duration(s.DurationMicro) * time.Microsecond,
		P50:       time.Duration(s.P50Micro) * time.Microsecond,
		P99:       time.Duration(s.P99Micro) * time.Microsecond,
	}, nil
}

// parseWrk finds the summary line in wrk's output.
func parseWrk(out []byte) (wrkSummary, error) {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), wrkSummaryPrefix); ok {
			var s wrkSummary
			if err := json.Unmarshal([]byte(rest), &s); err != nil {
				return s, fmt.Errorf("wrk summary: %w", err)
			}
			if s.Requests == 0 || s.DurationMicro <= 0 {
				return s, fmt.Errorf("wrk summary: no requests answered")
			}
			return s, nil
		}
	}
	return wrkSummary{}, fmt.Errorf("wrk printed no summary line")
}
