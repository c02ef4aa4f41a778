package core

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"
)

// background tracks the work handlers start with [Task.Go], so that adapters can keep the
// process (or the Lambda sandbox) alive until it ends.
type background struct {
	mu     sync.Mutex
	wg     sync.WaitGroup
	active int
	idle   chan struct{} // closed when active drops to 0; nil while idle
}

func (b *background) add() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.active == 0 {
		b.idle = make(chan struct{})
	}
	b.active++
	b.wg.Add(1)
}

func (b *background) done() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.active--
	if b.active == 0 {
		close(b.idle)
		b.idle = nil
	}
	b.wg.Done()
}

// Go runs fn in its own goroutine beside the handler; it may go on after Done or Next, as Node
// handlers do with timers. Unlike a bare `go` statement it is safe: a panic in fn is recovered and
// logged instead of killing the process, and the adapters wait for it (the net/http server's
// drain, the Lambda adapter's extension before the sandbox is frozen). fn's context is not
// cancelled when the answer leaves, but it is cancelled after [Config.BackgroundLimit]; work cut
// short that way is logged.
func (t *Task) Go(name string, fn func(ctx context.Context)) {
	t.svc.Go(t.ctx, name, fn)
}

// Go is [Task.Go] for work that belongs to no request. ctx provides values (not cancellation).
func (s *Service) Go(ctx context.Context, name string, fn func(ctx context.Context)) {
	if ctx == nil {
		ctx = context.Background()
	}
	s.bg.add()
	group := workGroupFrom(ctx)
	if group != nil {
		group.wg.Add(1)
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.BackgroundLimit)
	go func() {
		start := time.Now()
		defer s.bg.done()
		if group != nil {
			defer group.wg.Done()
		}
		defer cancel()
		defer func() {
			if p := recover(); p != nil {
				s.log.ErrorContext(wctx, "Background work panicked", "work", name,
					"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			}
		}()
		fn(wctx)
		if wctx.Err() != nil {
			s.log.WarnContext(wctx, "Background work was cut short by FLEX_BACKGROUND_LIMIT",
				"work", name, "limit", s.cfg.BackgroundLimit.String(), "ran", time.Since(start).Round(time.Millisecond).String())
		}
	}()
}

// BackgroundActive reports how many pieces of background work are running.
func (s *Service) BackgroundActive() int {
	s.bg.mu.Lock()
	defer s.bg.mu.Unlock()
	return s.bg.active
}

// WaitBackground blocks until no background work is running, or ctx is done (then it returns
// ctx's error and logs how much work was still running).
func (s *Service) WaitBackground(ctx context.Context) error {
	for {
		s.bg.mu.Lock()
		idle := s.bg.idle
		active := s.bg.active
		s.bg.mu.Unlock()
		if active == 0 {
			return nil
		}
		select {
		case <-idle:
		case <-ctx.Done():
			s.log.WarnContext(ctx, "Stopped waiting for background work", "running", active)
			return ctx.Err()
		}
	}
}
