// Command twinprof is the twin's net/http main (conformance/twin/cmd/http) with a CPU profile:
// it profiles from start to exit and writes the profile to $FLEX_BENCH_CPUPROFILE after the
// server drains on SIGTERM or SIGINT. The harness uses it for -cpuprofile.
package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/flexgo/flexgo/adapters/env"
	flexhttp "github.com/flexgo/flexgo/adapters/http"
	"github.com/flexgo/flexgo/conformance/twin"
	"github.com/flexgo/flexgo/core"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run() error {
	cfg, err := env.Load(core.Config{})
	if err != nil {
		return err
	}
	f, err := os.Create(os.Getenv("FLEX_BENCH_CPUPROFILE"))
	if err != nil {
		return fmt.Errorf("FLEX_BENCH_CPUPROFILE: %w", err)
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	defer pprof.StopCPUProfile()
	return flexhttp.Run(context.Background(), twin.New(core.WithConfig(cfg)))
}
