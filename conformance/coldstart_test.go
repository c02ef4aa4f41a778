package conformance_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/flexgo/flexgo/adapters/lambda/lambdatest"
	"github.com/flexgo/flexgo/internal/testenv"
)

// TestColdStart builds the twin's Lambda bootstrap as it is deployed (-trimpath, -s -w,
// lambda.norpc; for this machine's architecture so it can run here) and reports its size and its
// cold start against the fake runtime: exec to the first request for an invocation, 10 runs.
func TestColdStart(t *testing.T) {
	testenv.SkipIfShort(t, "builds and runs a bootstrap 11 times")
	bin := filepath.Join(t.TempDir(), "bootstrap")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-tags", "lambda.norpc", "-o", bin,
		"github.com/flexgo/flexgo/conformance/twin/cmd/lambda")
	cmd.Env = append(os.Environ(), "GOOS=linux", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	st, _ := os.Stat(bin)
	var runs []time.Duration
	for i := 0; i < 11; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		d, err := lambdatest.ColdStart(ctx, bin, []string{"FLEX_SHARED_SECRET=s", "FLEX_LOG_LEVEL=error"})
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 { // the first run warms the page cache
			runs = append(runs, d)
		}
	}
	slices.Sort(runs)
	t.Logf("lambda bootstrap: %d bytes; exec to first invocation request: median %s, max %s (%d runs)",
		st.Size(), runs[len(runs)/2].Round(10*time.Microsecond), runs[len(runs)-1].Round(10*time.Microsecond), len(runs))
}
