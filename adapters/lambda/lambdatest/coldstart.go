package lambdatest

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"time"
)

// ColdStart execs a Lambda bootstrap against a fresh fake runtime and returns the time from exec
// to the function's first request for an invocation: its cold start, as Lambda would see it
// before the first event. The process is killed before ColdStart returns.
func ColdStart(ctx context.Context, bootstrap string, env []string) (time.Duration, error) {
	rt, err := NewRuntime()
	if err != nil {
		return 0, err
	}
	defer rt.Close()
	cmd := exec.CommandContext(ctx, bootstrap)
	cmd.Env = append(append(os.Environ(), env...), "AWS_LAMBDA_RUNTIME_API="+rt.Addr())
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	select {
	case at := <-rt.FirstNext():
		return at.Sub(start), nil
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-time.After(10 * time.Second):
		return 0, errors.New("lambdatest: the bootstrap never asked for an invocation")
	}
}
