package core

import (
	"sync/atomic"
	"time"
)

// workers runs handlers on goroutines that are kept for the next handler once they are done.
//
// Every handler runs on a goroutine of its own, so that the timeout budget can answer while the
// handler is still busy. A fresh goroutine starts with a small stack and grows it by copying as
// the handler and the rendering of its answer go deeper: in a profile of
// BenchmarkDispatchGetByID, runtime.newstack and copystack were a quarter of the core's CPU, and
// goroutine creation and exit another 6%. A goroutine that has served one handler already has
// the stack the next one needs. The standard library has no such pool and the well-known ones
// (ants, tunny, workerpool) bound concurrency or queue work, which a Flex service must not do: a
// handler that blocks must never delay another. So this one never queues and never bounds: when
// no goroutine is idle, a new one is started, exactly as before.
//
// An idle goroutine waits for work for at most idleTimeout, then exits: an idle service keeps no
// goroutines beyond the few that served its last requests.
type workers struct {
	work        chan func() // unbuffered: a send succeeds only when a goroutine is waiting for work
	idle        atomic.Int32
	idleTimeout time.Duration
}

// idleTimeout is how long a goroutine with nothing to do waits for more before it exits.
const idleTimeout = 2 * time.Second

// maxIdle bounds the goroutines kept waiting: beyond it, one that finishes exits at once.
const maxIdle = 256

func newWorkers() *workers { return &workers{work: make(chan func()), idleTimeout: idleTimeout} }

// run runs fn on an idle goroutine, or on a new one when none is idle. It never blocks.
func (w *workers) run(fn func()) {
	select {
	case w.work <- fn:
	default:
		go w.loop(fn)
	}
}

// loop runs fn, then whatever work comes while it waits, until it has waited w.idleTimeout for
// nothing (or enough goroutines are waiting already).
func (w *workers) loop(fn func()) {
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
