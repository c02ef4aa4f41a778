package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"

	"github.com/flexgo/flexgo/adapters/lambda/lambdatest"
)

// coldResult is one cold start measurement: runs of a fresh process, exec to ready.
type coldResult struct {
	What    string // what was started and what "ready" means
	Samples []time.Duration
	Note    string // why it was not measured
}

// Median is the middle sample.
func (c coldResult) Median() time.Duration {
	if len(c.Samples) == 0 {
		return 0
	}
	s := slices.Clone(c.Samples)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// Max is the slowest sample.
func (c coldResult) Max() time.Duration {
	if len(c.Samples) == 0 {
		return 0
	}
	return slices.Max(c.Samples)
}

// coldSubject is something whose cold start is measured: sample starts a fresh process and
// returns the time from exec to ready.
type coldSubject struct {
	id     string
	what   string
	sample func(context.Context) (time.Duration, error)
	note   string // set when it cannot be measured at all
}

// measureColdStarts takes runs samples of each subject, round by round (so a drift of the machine
// touches all alike), after one unmeasured round that warms the page cache. A subject that fails
// once is reported with its error and not sampled again.
func measureColdStarts(ctx context.Context, subjects []coldSubject, runs int) map[string]coldResult {
	res := map[string]coldResult{}
	for _, s := range subjects {
		res[s.id] = coldResult{What: s.what, Note: s.note}
	}
	for round := range runs + 1 {
		for _, s := range subjects {
			r := res[s.id]
			if r.Note != "" {
				continue
			}
			if err := ctx.Err(); err != nil {
				r.Note = err.Error()
			} else if d, err := s.sample(ctx); err != nil {
				r.Note = err.Error()
			} else if round > 0 {
				r.Samples = append(r.Samples, d)
			}
			res[s.id] = r
		}
	}
	return res
}

// execSample is exec to exit of a program that does nothing: the floor of any cold start.
func execSample(path string) func(context.Context) (time.Duration, error) {
	return func(ctx context.Context) (time.Duration, error) {
		cmd := exec.CommandContext(ctx, path)
		start := time.Now()
		err := cmd.Run()
		return time.Since(start), err
	}
}

// httpSample is exec to the first 200 answer to GET /healthcheck, polled every 100 µs.
func httpSample(spec serverSpec, logDir string) func(context.Context) (time.Duration, error) {
	return func(ctx context.Context) (time.Duration, error) {
		s, err := startServer(spec, logDir)
		if err != nil {
			return 0, err
		}
		defer s.stop()
		healthy, err := s.waitHealthy(ctx, 30*time.Second)
		return healthy.Sub(s.Started), err
	}
}

// lambdaSample is exec of a Lambda bootstrap to its first request for an event, against
// lambdatest's fake runtime API.
func lambdaSample(bootstrap string) func(context.Context) (time.Duration, error) {
	env := []string{"FLEX_SHARED_SECRET=" + benchSecret, "AWS_LAMBDA_FUNCTION_NAME=flexgo-bench",
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=512", "AWS_REGION=us-east-1"}
	return func(ctx context.Context) (time.Duration, error) {
		return lambdatest.ColdStart(ctx, bootstrap, env)
	}
}

// emptyGoProgram builds a Go program whose main does nothing, for the floor of a Go cold start.
func emptyGoProgram(ctx context.Context, dir string) (string, error) {
	src := filepath.Join(dir, "empty.go")
	if err := os.WriteFile(src, []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "empty")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, src)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GO111MODULE=off", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build empty.go: %v\n%s", err, out)
	}
	return bin, nil
}
