package lambda

import (
	"context"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flexgo/flexgo/adapters/lambda/lambdatest"
	"github.com/flexgo/flexgo/core"
)

// TestBackgroundExtensionHoldsTheSandbox runs the internal extension against the fake Extensions
// API: after an invocation that answered at once and left work running, the extension asks for
// its next event (letting Lambda freeze the sandbox) only once that work has ended.
func TestBackgroundExtensionHoldsTheSandbox(t *testing.T) {
	rt, err := lambdatest.NewRuntime()
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()

	const work = 300 * time.Millisecond
	var workDone atomic.Int64 // unix nanos
	svc := core.NewService(core.WithLogger(slog.New(slog.DiscardHandler)))
	svc.Function("later", func(_ context.Context, fc *core.FunctionContext, c *core.Completion) {
		c.Accepted().Done()
		fc.Go("slow", func(context.Context) {
			time.Sleep(work)
			workDone.Store(time.Now().UnixNano())
		})
	})
	h := NewHandler(svc)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	registered := make(chan error, 1)
	go func() { _ = runBackgroundExtension(ctx, rt.Addr(), h, registered) }()
	if err := <-registered; err != nil {
		t.Fatal(err)
	}
	if !rt.ExtensionRegistered() {
		t.Fatal("the extension did not register")
	}

	// Lambda hands the extension the INVOKE event as the invocation starts.
	go rt.SendInvokeEvent("req-1", time.Now().Add(10*time.Second))
	out, err := h.Invoke(ctx, []byte(`{"version":"2.0","rawPath":"/_flexFunctions/later",
		"requestContext":{"http":{"method":"POST"},"domainName":"x.lambda-url.us-east-1.on.aws"}}`))
	if err != nil {
		t.Fatal(err)
	}
	answered := time.Now()
	if len(out) == 0 {
		t.Fatal("no answer")
	}

	deadline := time.Now().Add(5 * time.Second)
	for len(rt.ExtensionNexts()) < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	nexts := rt.ExtensionNexts()
	if len(nexts) < 2 {
		t.Fatalf("the extension never asked for its next event after the invocation (%d calls)", len(nexts))
	}
	done := workDone.Load()
	if done == 0 || nexts[1].UnixNano() < done {
		t.Fatalf("the extension released the sandbox before the work ended (work done %v, next %v)", done, nexts[1])
	}
	t.Logf("answered, then the sandbox was held %s until the background work ended",
		nexts[1].Sub(answered).Round(time.Millisecond))
}
