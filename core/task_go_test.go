package core

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestTaskGoRecoversAndIsAwaited(t *testing.T) {
	svc, logs := newTestService(t, Config{BackgroundLimit: 50 * time.Millisecond})
	finished := make(chan struct{})
	svc.Function("later", func(_ context.Context, fc *FunctionContext, c *Completion) {
		defer c.Accepted().Done() // after starting the work, so WaitBackground below sees it
		fc.Go("panics", func(context.Context) { panic("background boom") })
		fc.Go("overruns", func(ctx context.Context) {
			<-ctx.Done() // cut short by the limit
		})
		fc.Go("finishes", func(ctx context.Context) {
			if _, ok := ctx.Deadline(); !ok {
				t.Error("background work has no deadline")
			}
			close(finished)
		})
	})
	resp, _ := serve(t, svc, testRequest{method: "POST", path: "/_flexFunctions/later", body: "{}"})
	if resp.Status != 202 {
		t.Fatalf("status %d", resp.Status)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := svc.WaitBackground(ctx); err != nil {
		t.Fatalf("WaitBackground: %v", err)
	}
	<-finished
	if n := svc.bg.Active(); n != 0 {
		t.Fatalf("%d still active", n)
	}
	out := logs.String()
	for _, want := range []string{"Background work panicked", "background boom", "cut short by FLEX_BACKGROUND_LIMIT"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

func TestWaitBackgroundGivesUp(t *testing.T) {
	svc, _ := newTestService(t, Config{})
	release := make(chan struct{})
	svc.Go(context.Background(), "blocked", func(context.Context) { <-release })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := svc.WaitBackground(ctx); err == nil {
		t.Fatal("WaitBackground returned nil while work was running")
	}
	close(release)
	if err := svc.WaitBackground(context.Background()); err != nil {
		t.Fatal(err)
	}
}
