package otelflex_test

import (
	"context"
	"log/slog"
	"net/http"
	"testing"

	"go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/otelflex"
)

// BenchmarkGetByID serves a get by id through ServeTo (as net/http does) with the package off
// (no middleware), with no-op providers, and with the SDK recording into an in-memory exporter
// and a manual metric reader.
func BenchmarkGetByID(b *testing.B) {
	for _, mode := range []string{"off", "noop", "sdk"} {
		b.Run(mode, func(b *testing.B) {
			svc := core.NewService(core.WithConfig(core.Config{SharedSecret: "s"}), core.WithLogger(slog.New(slog.DiscardHandler)))
			svc.ServiceObject("books").OnGetByID(func(_ context.Context, r *core.DataRequest, c *core.Completion) {
				c.SetBody(map[string]string{"_id": r.EntityID, "title": "Dune"}).OK().Next()
			})
			switch mode {
			case "noop":
				_ = otelflex.Instrument(svc, otelflex.WithTracerProvider(tracenoop.NewTracerProvider()),
					otelflex.WithMeterProvider(noop.NewMeterProvider()), otelflex.WithPropagators(propagation.TraceContext{}))
			case "sdk":
				exp := tracetest.NewInMemoryExporter()
				tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
				mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
				_ = otelflex.Instrument(svc, otelflex.WithTracerProvider(tp), otelflex.WithMeterProvider(mp),
					otelflex.WithPropagators(propagation.TraceContext{}))
				b.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
				defer func() { exp.Reset() }()
			}
			h := http.Header{"X-Auth-Key": {"s"}, "X-Kinvey-Request-Id": {"r1"}}
			respond := func(*core.Response) {}
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				svc.ServeTo(ctx, &core.Request{Method: "GET", Path: "/books/42", Header: h}, respond)
			}
		})
	}
}
