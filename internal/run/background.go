package run

import (
	"context"
	"sync"
)

// Background counts the work running beside handlers (core's Task.Go), so that adapters can keep
// the process, or the Lambda sandbox, alive until it ends.
type Background struct {
	mu     sync.Mutex
	active int
	idle   chan struct{} // closed when active drops to 0; nil while idle
}

// Add counts one more piece of work.
func (b *Background) Add() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.active == 0 {
		b.idle = make(chan struct{})
	}
	b.active++
}

// Done counts one piece of work as ended.
func (b *Background) Done() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.active--
	if b.active == 0 {
		close(b.idle)
		b.idle = nil
	}
}

// Active is how many pieces of work are running.
func (b *Background) Active() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.active
}

// Wait blocks until no work is running, or ctx is done; then it returns ctx's error and how much
// work was still running.
func (b *Background) Wait(ctx context.Context) (running int, err error) {
	for {
		b.mu.Lock()
		idle, active := b.idle, b.active
		b.mu.Unlock()
		if active == 0 {
			return 0, nil
		}
		select {
		case <-idle:
		case <-ctx.Done():
			return active, ctx.Err()
		}
	}
}
