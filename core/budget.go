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
	// hctx is the handler's context, ended once the call is answered.
	hctx *budgetContext
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
	c.hctx.end(context.Canceled)
	close(c.answered)
}
