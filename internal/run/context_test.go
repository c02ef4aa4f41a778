package run

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"
)

type ctxKey string

func newBudgetContext(parent context.Context) *Context {
	c := &Context{}
	c.Reset(parent, time.Now().Add(time.Hour))
	return c
}

func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	case <-time.After(2 * time.Second):
		return false
	}
}

func TestBudgetContextEnds(t *testing.T) {
	tests := []struct {
		name    string
		end     func(parentCancel context.CancelFunc, c *Context)
		watched bool // Done asked for before the end
		want    error
	}{
		{"answered, watched", func(_ context.CancelFunc, c *Context) { c.End(context.Canceled) }, true, context.Canceled},
		{"answered, not watched", func(_ context.CancelFunc, c *Context) { c.End(context.Canceled) }, false, context.Canceled},
		{"budget ran out", func(_ context.CancelFunc, c *Context) { c.End(context.DeadlineExceeded) }, true, context.DeadlineExceeded},
		{"caller went away, watched", func(cancel context.CancelFunc, _ *Context) { cancel() }, true, context.Canceled},
		{"caller went away, not watched", func(cancel context.CancelFunc, _ *Context) { cancel() }, false, context.Canceled},
		{"ended twice: the first counts", func(_ context.CancelFunc, c *Context) {
			c.End(context.DeadlineExceeded)
			c.End(context.Canceled)
		}, true, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent, cancel := context.WithCancel(context.WithValue(context.Background(), ctxKey("k"), "v"))
			defer cancel()
			c := newBudgetContext(parent)
			if c.Err() != nil {
				t.Fatal("ended before its end")
			}
			var done <-chan struct{}
			if tt.watched {
				done = c.Done()
			}
			tt.end(cancel, c)
			if !tt.watched {
				done = c.Done()
			}
			if !closed(done) {
				t.Fatal("Done not closed")
			}
			if err := c.Err(); !errors.Is(err, tt.want) {
				t.Fatalf("Err %v, want %v", err, tt.want)
			}
			if cause := context.Cause(c); !errors.Is(cause, tt.want) {
				t.Fatalf("Cause %v, want %v", cause, tt.want)
			}
			if c.Value(ctxKey("k")) != "v" {
				t.Fatal("the caller's values are lost")
			}
			if d, ok := c.Deadline(); !ok || d.IsZero() {
				t.Fatal("no deadline")
			}
		})
	}
}

func TestBudgetContextDerived(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := newBudgetContext(parent)
	before := runtime.NumGoroutine()
	child, stop := context.WithTimeout(c, time.Hour)
	defer stop()
	grandchild, stop2 := context.WithCancel(child)
	defer stop2()
	if n := runtime.NumGoroutine(); n > before {
		t.Fatalf("deriving a context started %d goroutines: AfterFunc is not used", n-before)
	}
	c.End(context.DeadlineExceeded)
	if !closed(grandchild.Done()) || !errors.Is(grandchild.Err(), context.DeadlineExceeded) {
		t.Fatalf("a derived context did not end with its parent: %v", grandchild.Err())
	}

	// The caller's end reaches derived contexts too.
	parent2, cancel2 := context.WithCancel(context.Background())
	c2 := newBudgetContext(parent2)
	child2, stop3 := context.WithCancel(c2)
	defer stop3()
	cancel2()
	if !closed(child2.Done()) || !errors.Is(child2.Err(), context.Canceled) {
		t.Fatalf("the caller's end did not reach a derived context: %v", child2.Err())
	}
}

func TestBudgetContextAfterFunc(t *testing.T) {
	c := newBudgetContext(context.Background())
	ran := make(chan struct{})
	stopped := make(chan struct{}, 1)
	context.AfterFunc(c, func() { close(ran) })
	stop := context.AfterFunc(c, func() { stopped <- struct{}{} })
	if !stop() {
		t.Fatal("stop before the end reported false")
	}
	c.End(context.Canceled)
	if !closed(ran) {
		t.Fatal("AfterFunc did not run at the end")
	}
	select {
	case <-stopped:
		t.Fatal("a stopped AfterFunc ran")
	case <-time.After(20 * time.Millisecond):
	}
	late := make(chan struct{})
	context.AfterFunc(c, func() { close(late) })
	if !closed(late) {
		t.Fatal("AfterFunc on an ended context did not run")
	}
}

// A handler that never looks at its context costs its caller's context nothing.
func TestBudgetContextUnwatchedRegistersNothing(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := newBudgetContext(parent)
	_ = c.Err()
	allocs := testing.AllocsPerRun(100, func() {
		c := newBudgetContext(parent)
		_ = c.Err()
		c.End(context.Canceled)
	})
	if allocs > 1 { // the context itself
		t.Fatalf("%v allocations for an unwatched context", allocs)
	}
}
