package core

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync/atomic"
	"time"
)

// This file runs handlers under the timeout budget, in the two ways the adapters need: await (for
// Serve) runs the handler on a pooled goroutine and waits for the first answer; runInline (for
// ServeTo) runs it on the caller's goroutine and hands the first answer to a callback. Either
// way a call is answered exactly once (see call): by the handler, by a panic, by the budget, or
// because the caller went away. When the budget runs out the caller's answer is committed first
// and only then is the handler's context cancelled, so a handler that reacts to the cancellation
// cannot slip in an answer; whatever it does later is logged and ignored.

// begin sets up the call of inv: its budget deadline and the handler's context, which ends once
// the call is answered.
func (s *Service) begin(ctx context.Context, inv *invocation) (time.Time, *budgetContext) {
	t := inv.t
	deadline := s.budget.deadline(ctx, time.Now())
	t.call = &t.callData
	hctx := &t.hctx
	*hctx = budgetContext{parent: ctx, deadline: deadline}
	t.callData.hctx = hctx
	t.pub.ctx = hctx
	return deadline, hctx
}

// execute runs the handler, turning a panic into the 500 answer (when nothing answered yet) and
// a log line with the stack. A work group in ctx counts the handler too: work it starts after
// answering joins the group while the group is still counting, never after a Wait has seen zero.
func (s *Service) execute(ctx context.Context, inv *invocation, hctx *budgetContext) {
	t := inv.t
	if group := workGroupFrom(ctx); group != nil {
		group.wg.Add(1)
		defer group.wg.Done()
	}
	defer func() {
		if p := recover(); p != nil {
			s.log.ErrorContext(hctx, "Flex handler panicked",
				"handler", t.name, "panic", fmt.Sprint(p), "stack", string(debug.Stack()),
				"requestId", t.pub.RequestID)
			if t.call.claim(callAnswered) {
				t.call.deliver(errorResponse(panicError(t.pub.RequestID)))
			}
		}
	}()
	inv.run(hctx)
}

// timedOut claims the call for the budget and returns the caller's answer, or nil when the call
// was already answered.
func (s *Service) timedOut(t *flexTask, hctx *budgetContext) *Response {
	if !t.call.claim(callTimedOut) {
		return nil
	}
	hctx.end(context.DeadlineExceeded)
	s.log.ErrorContext(hctx, "Flex handler did not complete within its timeout budget",
		"handler", t.name, "requestId", t.pub.RequestID)
	return errorResponse(&Error{Kind: KindTimeout, Debug: "The Flex handler did not complete within its timeout budget"})
}

// callerGone claims the call for a caller that went away and returns the (unread) answer, or nil
// when the call was already answered.
func (s *Service) callerGone(t *flexTask, hctx *budgetContext) *Response {
	if !t.call.claim(callCancelled) {
		return nil
	}
	hctx.end(context.Canceled)
	s.log.WarnContext(hctx, "The caller went away before the Flex handler completed",
		"handler", t.name, "requestId", t.pub.RequestID)
	return errorResponse(&Error{Kind: KindTimeout, Debug: "The request was cancelled by its caller"})
}

// await runs inv on a pooled goroutine and returns the first answer.
func (s *Service) await(ctx context.Context, inv *invocation) *Response {
	t := inv.t
	t.callData.answer = make(chan *Response, 1)
	deadline, hctx := s.begin(ctx, inv)
	defer hctx.end(context.Canceled)
	s.workers.run(func() { s.execute(ctx, inv, hctx) })

	timer := s.timer(time.Until(deadline))
	defer s.timers.Put(timer)
	defer timer.Stop()
	select {
	case resp := <-t.call.answer:
		return resp
	case <-timer.C:
		if resp := s.timedOut(t, hctx); resp != nil {
			return resp
		}
	case <-ctx.Done():
		if resp := s.callerGone(t, hctx); resp != nil {
			return resp
		}
	}
	return <-t.call.answer // the handler won the race
}

// runInline runs inv (for r) on the calling goroutine and hands the first answer to respond; it
// returns once the handler has returned and respond has been called.
func (s *Service) runInline(ctx context.Context, inv *invocation, r *Request, respond func(*Response)) {
	t := inv.t
	deadline, hctx := s.begin(ctx, inv)
	defer hctx.end(context.Canceled)
	t.callData.respond, t.callData.req = respond, r
	t.callData.answered = make(chan struct{})
	timer := s.inlineTimer(t, time.Until(deadline))
	defer s.releaseInlineTimer(timer)
	s.execute(ctx, inv, hctx)
	select {
	case <-t.callData.answered:
		return
	case <-ctx.Done():
		if resp := s.callerGone(t, hctx); resp != nil {
			t.call.deliver(resp)
		}
	}
	<-t.callData.answered // whoever won is delivering
}

// budgetTimer is runInline's timer, reused from request to request (a timer and its callback are
// two allocations on every request otherwise): its callback times out the task it is armed for.
type budgetTimer struct {
	timer *time.Timer
	task  atomic.Pointer[flexTask]
}

// inlineTimer arms a budget timer to time t out after d.
func (s *Service) inlineTimer(t *flexTask, d time.Duration) *budgetTimer {
	if bt, ok := s.budgetTimers.Get().(*budgetTimer); ok {
		bt.task.Store(t)
		bt.timer.Reset(d)
		return bt
	}
	bt := &budgetTimer{}
	bt.task.Store(t)
	bt.timer = time.AfterFunc(d, func() { s.budgetExpired(bt.task.Load()) })
	return bt
}

// releaseInlineTimer stops bt, and keeps it for another request unless its callback has started
// (it may still be reading its task).
func (s *Service) releaseInlineTimer(bt *budgetTimer) {
	if bt.timer.Stop() {
		bt.task.Store(nil)
		s.budgetTimers.Put(bt)
	}
}

// budgetExpired answers a ServeTo call whose budget ran out while its handler was still running.
func (s *Service) budgetExpired(t *flexTask) {
	if resp := s.timedOut(t, &t.hctx); resp != nil {
		// The handler holds its caller's goroutine (and connection) until it returns: let the
		// caller take a new connection for its next request.
		resp.Header = resp.Header.Clone()
		resp.Header.Set("Connection", "close")
		t.call.deliver(resp)
	}
}

// timer returns a stopped timer from the service's pool, reset to fire after d. Since Go 1.23 a
// stopped timer's channel holds no stale value, so a timer can be reused as it is.
func (s *Service) timer(d time.Duration) *time.Timer {
	if t, ok := s.timers.Get().(*time.Timer); ok {
		t.Reset(d)
		return t
	}
	return time.NewTimer(d)
}
