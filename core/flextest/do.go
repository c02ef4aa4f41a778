package flextest

import (
	"context"
	"log/slog"

	"github.com/flexgo/flexgo/core"
)

// Do sends req to svc in-process, through [core.Service.Serve], and returns the answer.
func Do(svc *core.Service, req Request) *Response {
	return DoContext(context.Background(), svc, req)
}

// DoContext is Do with the platform's context: its deadline bounds the service's timeout budget,
// and cancelling it is the caller going away.
func DoContext(ctx context.Context, svc *core.Service, req Request) *Response {
	return newResponse(req, svc.Serve(ctx, req.Core()))
}

// NewService builds a service with newService (core.NewService, or any constructor of a service
// that takes core options) and opts, and records what it logs, at every level. The logger is
// given after opts, so it wins over one among them.
func NewService(newService func(opts ...core.Option) *core.Service, opts ...core.Option) (*core.Service, *Logs) {
	logs := NewLogs()
	all := append(append([]core.Option(nil), opts...), logs.Option())
	return newService(all...), logs
}

// Option returns the core option that makes a service log to l, at every level, in the Node
// SDK's JSON shape (core.NewLogHandler).
func (l *Logs) Option() core.Option { return core.WithLogger(l.Logger()) }

// Logger returns a logger writing to l, at every level.
func (l *Logs) Logger() *slog.Logger {
	return slog.New(core.NewLogHandler(l, slog.LevelDebug))
}
