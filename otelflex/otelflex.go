package otelflex

import (
	"log/slog"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/flexgo/flexgo/core"
)

// ScopeName is the instrumentation scope of the spans and metrics this package makes.
const ScopeName = "github.com/flexgo/flexgo/otelflex"

// Option configures Instrument.
type Option func(*config)

type config struct {
	tp        trace.TracerProvider
	mp        metric.MeterProvider
	props     propagation.TextMapPropagator
	logFormat LogFormat
	logs      bool
}

// WithTracerProvider sets the tracer provider (the global one by default).
func WithTracerProvider(tp trace.TracerProvider) Option { return func(c *config) { c.tp = tp } }

// WithMeterProvider sets the meter provider (the global one by default).
func WithMeterProvider(mp metric.MeterProvider) Option { return func(c *config) { c.mp = mp } }

// WithPropagators sets how a parent span is read from a request's headers (the global
// propagator by default; set it to propagation.TraceContext{} for W3C traceparent).
func WithPropagators(p propagation.TextMapPropagator) Option { return func(c *config) { c.props = p } }

// WithLogFormat sets how the service's log lines name their trace (by default, the form of the
// platform the process runs on: see LogFormat).
func WithLogFormat(f LogFormat) Option { return func(c *config) { c.logFormat = f } }

// WithoutLogs leaves the service's log lines as they are.
func WithoutLogs() Option { return func(c *config) { c.logs = false } }

func newConfig(opts []Option) config {
	c := config{tp: otel.GetTracerProvider(), mp: otel.GetMeterProvider(), props: otel.GetTextMapPropagator(),
		logFormat: platformLogFormat(), logs: true}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// Instrument turns OpenTelemetry on for svc: a server span and metrics for each routed request
// (core.Service.Use), a span for each piece of background work (core.Service.UseWork), and the
// trace ids on every log line written with a request's context (core.Service.WrapLogHandler).
// Call it before serving. It fails only when the meter provider refuses an instrument.
func Instrument(svc *core.Service, opts ...Option) error {
	c := newConfig(opts)
	m, err := newMetrics(c.mp)
	if err != nil {
		return err
	}
	tracer := c.tp.Tracer(ScopeName)
	svc.Use(middleware(tracer, c.props, m))
	svc.UseWork(workMiddleware(tracer, m))
	if c.logs {
		svc.WrapLogHandler(func(h slog.Handler) slog.Handler { return LogHandler(h, c.logFormat, "") })
	}
	return nil
}
