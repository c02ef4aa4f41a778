package run

import (
	"context"
	"sync"
)

// WorkGroup collects the handlers of the requests served with its context and the background
// work they start, so that an adapter can wait for exactly that work. The Cloud Functions adapter
// uses one per request: there, CPU is only given while a request is open, so the request stays
// open until its work is done.
type WorkGroup struct{ wg sync.WaitGroup }

type workGroupKey struct{}

// WithWorkGroup returns ctx carrying g: work started by requests served with it joins g.
func WithWorkGroup(ctx context.Context, g *WorkGroup) context.Context {
	return context.WithValue(ctx, workGroupKey{}, g)
}

// Join counts one more piece of ctx's work group, if ctx has one, and returns the function that
// counts it as ended (which does nothing without a group).
func Join(ctx context.Context) (leave func()) {
	g, _ := ctx.Value(workGroupKey{}).(*WorkGroup)
	if g == nil {
		return noop
	}
	g.wg.Add(1)
	return g.wg.Done
}

func noop() {}

// Wait blocks until the group's work has ended, or ctx is done.
func (g *WorkGroup) Wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() { g.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
