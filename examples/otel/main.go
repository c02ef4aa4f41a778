// Command otel is the bookstore example with OpenTelemetry on: traces and metrics exported over
// OTLP/HTTP to a collector (OTEL_EXPORTER_OTLP_ENDPOINT, http://localhost:4318 by default; the
// exporters read the standard OTEL_* variables), W3C trace context on the way in and out, and the
// trace ids on every log line. It is a module of its own, so that the SDK and the exporters reach
// no module that does not import it.
//
//	docker run -p 4318:4318 otel/opentelemetry-collector   # or any OTLP/HTTP receiver
//	go run ./examples/otel
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetrichttp"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.37.0"

	flexhttp "github.com/flexgo/flexgo/adapters/http"
	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/examples/bookstore/bookstore"
	"github.com/flexgo/flexgo/otelflex"
)

func main() {
	shutdown, err := setup(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "otel:", err)
		os.Exit(1)
	}
	defer shutdown()
	flexhttp.Main(func(opts ...core.Option) *core.Service {
		svc := bookstore.New(opts...)
		if err := otelflex.Instrument(svc); err != nil {
			svc.Logger().Error("OpenTelemetry is off", "error", err.Error())
		}
		return svc
	})
}

// setup installs the SDK's providers as the globals, exporting over OTLP/HTTP, and returns what
// flushes them at the end.
func setup(ctx context.Context) (func(), error) {
	res := resource.NewSchemaless(semconv.ServiceName("flexgo-bookstore"))
	traces, err := otlptracehttp.New(ctx)
	if err != nil {
		return nil, err
	}
	metrics, err := otlpmetrichttp.New(ctx)
	if err != nil {
		return nil, err
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(traces), sdktrace.WithResource(res))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(metrics)), sdkmetric.WithResource(res))
	otel.SetTracerProvider(tp)
	otel.SetMeterProvider(mp)
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = tp.Shutdown(ctx)
		_ = mp.Shutdown(ctx)
	}, nil
}
