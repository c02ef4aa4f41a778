package otelflex

import (
	"context"
	"errors"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/flexgo/flexgo/core"
)

// workMiddleware gives each piece of work started with Task.Go a span of its own, "flex.work
// <name>", linked to the span of the request that started it (the request may be answered, and
// its span ended, long before the work ends), and counts the work running and cut short.
func workMiddleware(tracer trace.Tracer, m *metrics) core.WorkMiddleware {
	return func(name string, work func(context.Context)) func(context.Context) {
		return func(ctx context.Context) {
			var opts []trace.SpanStartOption
			if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
				opts = append(opts, trace.WithLinks(trace.Link{SpanContext: sc}), trace.WithNewRoot())
			}
			ctx, span := tracer.Start(ctx, "flex.work "+name, opts...)
			m.background.Add(ctx, 1)
			defer m.background.Add(ctx, -1)
			defer span.End()
			work(ctx)
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				m.cutShort.Add(ctx, 1)
				span.AddEvent("flex.background_limit")
				span.SetStatus(codes.Error, "cut short by FLEX_BACKGROUND_LIMIT")
			}
		}
	}
}
