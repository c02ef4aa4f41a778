package core

import (
	"context"
	"sync/atomic"
	"time"
)

// budget is the timeout budget of a request: the smaller of the configured timeout and the
// platform's deadline less a reserve, so the answer leaves before the platform gives up.
type budget struct {
	timeout time.Duration
	reserve time.Duration
}

// deadline returns when a request that arrived with ctx must be answered.
func (b budget) deadline(ctx context.Context, now time.Time) time.Time {
	d := now.Add(b.timeout)
	if platform, ok := ctx.Deadline(); ok {
		if p := platform.Add(-b.reserve); p.Before(d) {
			d = p
		}
	}
	return d
}

// The states of a call. A call leaves callPending exactly once.
const (
	callPending uint32 = iota
	callAnswered
	callTimedOut
	callCancelled
)

// call is one handler invocation, answered exactly once: by the handler (Done or Next), by a
// panic, or by the budget running out, whichever comes first. Later attempts are refused.
type call struct {
	state atomic.Uint32
	// cancel cancels the handler's context.
	cancel context.CancelFunc
	// Where the answer goes. For Serve: answer, buffered (whoever wins the state sends without
	// blocking). For ServeTo: respond, called by whoever wins with the answer finished for req,
	// and then answered is closed.
	answer   chan *Response
	respond  func(*Response)
	req      *Request
	answered chan struct{}
}

// claim moves the call from pending to next; false if it was already decided.
func (c *call) claim(next uint32) bool { return c.state.CompareAndSwap(callPending, next) }

// deliver hands over the answer after a successful claim(callAnswered).
func (c *call) deliver(r *Response) {
	if c.respond == nil {
		c.answer <- r
		return
	}
	c.respond(finish(c.req, r))
	c.cancel()
	close(c.answered)
}

// budgetContext is a handler's context. It reports the budget's deadline, but is cancelled by the
// core itself, after the caller has been answered (see Service.await); once the budget has run
// out its Err is context.DeadlineExceeded.
type budgetContext struct {
	context.Context
	deadline time.Time
	call     *call
}

// Deadline reports the end of the timeout budget.
func (c *budgetContext) Deadline() (time.Time, bool) { return c.deadline, true }

// Err is context.DeadlineExceeded after the budget ran out, else the underlying context's error.
func (c *budgetContext) Err() error {
	err := c.Context.Err()
	if err != nil && c.call.state.Load() == callTimedOut {
		return context.DeadlineExceeded
	}
	return err
}
