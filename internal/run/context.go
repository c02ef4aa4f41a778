package run

import (
	"context"
	"sync"
	"time"
)

// Context is a handler's context: the caller's context (its values and its cancellation),
// the budget's deadline, and the core's own cancellation, once the caller has been answered or
// the budget has run out (with context.DeadlineExceeded then).
//
// It is written by hand rather than made with context.WithCancel because WithCancel registers
// with the caller's context on every request (docs/performance.md has what that costs), while
// most handlers never wait on their context. This one watches the caller's context only once a
// handler asks for Done (or a context derived from it does, through AfterFunc); Err looks at the
// caller's context directly.
type Context struct {
	parent   context.Context
	deadline time.Time

	mu     sync.Mutex
	err    error         // why the context ended, once it has
	done   chan struct{} // made by the first Done, closed when the context ends
	stop   func() bool   // ends the watch of parent, once it is watched
	afters []*afterFunc  // what AfterFunc registered, run when the context ends
}

type afterFunc struct{ fn func() }

// Deadline reports the end of the timeout budget.
func (c *Context) Deadline() (time.Time, bool) { return c.deadline, true }

// Value is the caller's context's value. (context.Cause of this context is its Err once it has
// ended: Cause falls back to Err for a context whose cancelCtx parent has no cause.)
func (c *Context) Value(key any) any { return c.parent.Value(key) }

// Done returns a channel closed when the context ends.
func (c *Context) Done() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done == nil {
		c.done = make(chan struct{})
		if c.err != nil {
			close(c.done)
		} else {
			c.watchLocked()
		}
	}
	return c.done
}

// Err is nil while the context lasts, then why it ended: context.Canceled once the caller has
// been answered or went away, context.DeadlineExceeded once the budget ran out (or the
// platform's deadline passed).
func (c *Context) Err() error {
	c.mu.Lock()
	err := c.err
	c.mu.Unlock()
	if err != nil {
		return err
	}
	if err := c.parent.Err(); err != nil {
		c.End(err)
		return c.Err()
	}
	return nil
}

// AfterFunc runs f in its own goroutine once the context ends; the context package calls it for
// contexts derived from this one, which then need no goroutine of their own to follow it.
// stop unregisters f, and reports whether it did so before f was started.
func (c *Context) AfterFunc(f func()) (stop func() bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		go f()
		return func() bool { return false }
	}
	c.watchLocked()
	a := &afterFunc{fn: f}
	c.afters = append(c.afters, a)
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		for i, x := range c.afters {
			if x == a {
				c.afters = append(c.afters[:i], c.afters[i+1:]...)
				return true
			}
		}
		return false
	}
}

// watchLocked makes the caller's context's end end this one too. c.mu is held.
func (c *Context) watchLocked() {
	if c.stop != nil || c.parent.Done() == nil {
		return
	}
	c.stop = context.AfterFunc(c.parent, func() { c.End(c.parent.Err()) })
}

// Reset makes c a fresh context of parent ending at deadline. c must not be in use.
func (c *Context) Reset(parent context.Context, deadline time.Time) {
	*c = Context{parent: parent, deadline: deadline}
}

// End ends the context with err, unless it has ended already.
func (c *Context) End(err error) {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return
	}
	c.err = err
	if c.done != nil {
		close(c.done)
	}
	stop, afters := c.stop, c.afters
	c.afters = nil
	c.mu.Unlock()
	if stop != nil {
		stop()
	}
	for _, a := range afters {
		go a.fn()
	}
}
