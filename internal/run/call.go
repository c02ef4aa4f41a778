package run

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Budget is the timeout budget of a request: the smaller of the configured timeout and the
// platform's deadline less a reserve, so the answer leaves before the platform gives up.
type Budget struct {
	Timeout time.Duration
	Reserve time.Duration
}

// Deadline returns when a request that arrived with ctx at now must be answered.
func (b Budget) Deadline(ctx context.Context, now time.Time) time.Time {
	d := now.Add(b.Timeout)
	if platform, ok := ctx.Deadline(); ok {
		if p := platform.Add(-b.Reserve); p.Before(d) {
			d = p
		}
	}
	return d
}

// State is how a call was answered.
type State uint32

// The states of a call. A call leaves Pending exactly once.
const (
	Pending    State = iota
	Answered         // by the handler (Done or Next), or by a panic
	TimedOut         // the budget ran out first
	CallerGone       // the caller went away first
)

// Owner is what a call reports to: the request it runs the handler of. Its methods claim the call
// (Claim) and, when they win, deliver the answer and call Delivered.
type Owner interface {
	// BudgetExpired is called, on a timer's goroutine, when the budget runs out.
	BudgetExpired()
	// CallerWentAway is called by Wait when the caller's context ends first.
	CallerWentAway()
}

// Call is one run of a handler, answered exactly once: by the handler, by a panic, by the budget
// running out, or because the caller went away, whichever comes first. Whoever wins the Claim
// delivers the answer and calls Delivered; every later attempt is refused. It holds the
// handler's context, and arms the budget's timer while it runs.
type Call struct {
	state     atomic.Uint32
	owner     Owner
	ctx       Context
	delivered chan struct{}
	timer     *budgetTimer
}

// Start prepares c to run a handler for owner: the handler's context, of parent and ending at
// deadline, and the budget's timer, which calls owner.BudgetExpired at the deadline. c must be
// new (its zero value) or finished.
func (c *Call) Start(owner Owner, parent context.Context, deadline time.Time, timers *Timers) {
	c.state.Store(uint32(Pending))
	c.owner = owner
	c.ctx.Reset(parent, deadline)
	c.delivered = make(chan struct{})
	c.timer = timers.arm(c, time.Until(deadline))
}

// Context is the handler's context.
func (c *Call) Context() *Context { return &c.ctx }

// Claim moves the call from Pending to s; false if it was decided already.
func (c *Call) Claim(s State) bool { return c.state.CompareAndSwap(uint32(Pending), uint32(s)) }

// State is how the call was answered, Pending while it is not.
func (c *Call) State() State { return State(c.state.Load()) }

// Delivered says the answer has left: the handler's context ends (with context.DeadlineExceeded
// when the budget ran out, context.Canceled otherwise) and Wait returns. Only the winner of the
// Claim calls it, once.
func (c *Call) Delivered() {
	if c.State() == TimedOut {
		c.ctx.End(context.DeadlineExceeded)
	} else {
		c.ctx.End(context.Canceled)
	}
	close(c.delivered)
}

// Wait blocks until the answer is delivered. If parent ends first, owner.CallerWentAway is called
// and Wait goes on waiting for whoever delivers.
func (c *Call) Wait(owner Owner, parent context.Context) {
	select {
	case <-c.delivered:
		return
	case <-parent.Done():
		owner.CallerWentAway()
	}
	<-c.delivered
}

// Finish releases the budget's timer and ends the handler's context, once the handler has
// returned and the answer was delivered.
func (c *Call) Finish(timers *Timers) {
	timers.release(c.timer)
	c.timer = nil
	c.ctx.End(context.Canceled)
}

// Timers keeps budget timers for reuse: a timer and its callback are two allocations on every
// request otherwise.
type Timers struct{ pool sync.Pool }

// budgetTimer is a timer whose callback tells the owner of the call it is armed for that its
// budget ran out.
type budgetTimer struct {
	timer *time.Timer
	call  atomic.Pointer[Call]
}

func (ts *Timers) arm(c *Call, d time.Duration) *budgetTimer {
	if bt, ok := ts.pool.Get().(*budgetTimer); ok {
		bt.call.Store(c)
		bt.timer.Reset(d)
		return bt
	}
	bt := &budgetTimer{}
	bt.call.Store(c)
	bt.timer = time.AfterFunc(d, func() {
		if c := bt.call.Load(); c != nil {
			c.owner.BudgetExpired()
		}
	})
	return bt
}

// release stops bt, and keeps it for another request unless its callback has started (it may
// still be reading its owner).
func (ts *Timers) release(bt *budgetTimer) {
	if bt != nil && bt.timer.Stop() {
		bt.call.Store(nil)
		ts.pool.Put(bt)
	}
}
