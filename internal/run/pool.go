package run

import (
	"sync/atomic"
	"time"
)

// Pool runs functions on goroutines that are kept for the next function once they are done: a
// goroutine that has served one handler already has the stack the next one needs, where a fresh
// one grows its stack by copying (docs/performance.md has the profile). It never queues and never
// bounds: a handler that blocks must never delay another, so when no goroutine is idle a new one
// starts. An idle goroutine waits for work for at most its idle timeout, then exits.
type Pool struct {
	work        chan func() // unbuffered: a send succeeds only when a goroutine is waiting for work
	idle        atomic.Int32
	idleTimeout time.Duration
}

// idleTimeout is how long a goroutine with nothing to do waits for more before it exits.
const idleTimeout = 2 * time.Second

// maxIdle bounds the goroutines kept waiting: beyond it, one that finishes exits at once.
const maxIdle = 256

// NewPool returns an empty pool.
func NewPool() *Pool { return &Pool{work: make(chan func()), idleTimeout: idleTimeout} }

// Go runs fn on an idle goroutine, or on a new one when none is idle. It never blocks.
func (w *Pool) Go(fn func()) {
	select {
	case w.work <- fn:
	default:
		go w.loop(fn)
	}
}

// loop runs fn, then whatever work comes while it waits, until it has waited w.idleTimeout for
// nothing (or enough goroutines are waiting already).
func (w *Pool) loop(fn func()) {
	var timer *time.Timer
	for {
		fn()
		fn = nil // let what the handler holds be collected while this goroutine waits
		if w.idle.Add(1) > maxIdle {
			w.idle.Add(-1)
			return
		}
		if timer == nil {
			timer = time.NewTimer(w.idleTimeout)
		} else {
			timer.Reset(w.idleTimeout)
		}
		select {
		case fn = <-w.work:
			w.idle.Add(-1)
		case <-timer.C:
			w.idle.Add(-1)
			return
		}
	}
}
