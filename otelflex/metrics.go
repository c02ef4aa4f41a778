package otelflex

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/metric"

	"github.com/flexgo/flexgo/core"
)

// The metrics, named after OpenTelemetry's HTTP server conventions (http.server.request.duration,
// http.server.active_requests), in a flex namespace of their own: a Flex request is not an HTTP
// route.
const (
	MetricRequestDuration  = "flex.server.request.duration" // s, histogram: its count is the request count
	MetricActiveRequests   = "flex.server.active_requests"  // {request}, up-down counter
	MetricTimeouts         = "flex.server.timeouts"         // {timeout}, counter
	MetricPanics           = "flex.server.panics"           // {panic}, counter
	MetricBackgroundActive = "flex.background.active"       // {work}, up-down counter
	MetricBackgroundCut    = "flex.background.cut_short"    // {work}, counter: cut short by FLEX_BACKGROUND_LIMIT
)

type metrics struct {
	duration   metric.Float64Histogram
	active     metric.Int64UpDownCounter
	timeouts   metric.Int64Counter
	panics     metric.Int64Counter
	background metric.Int64UpDownCounter
	cutShort   metric.Int64Counter
}

func newMetrics(mp metric.MeterProvider) (*metrics, error) {
	meter := mp.Meter(ScopeName)
	var m metrics
	var err error
	if m.duration, err = meter.Float64Histogram(MetricRequestDuration, metric.WithUnit("s"),
		metric.WithDescription("How long Flex requests took, from routing to their answer."),
		metric.WithExplicitBucketBoundaries(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)); err != nil {
		return nil, err
	}
	if m.active, err = meter.Int64UpDownCounter(MetricActiveRequests, metric.WithUnit("{request}"),
		metric.WithDescription("Flex requests being handled.")); err != nil {
		return nil, err
	}
	if m.timeouts, err = meter.Int64Counter(MetricTimeouts, metric.WithUnit("{timeout}"),
		metric.WithDescription("Flex requests answered BLTimeoutError because their handler did not complete within the budget.")); err != nil {
		return nil, err
	}
	if m.panics, err = meter.Int64Counter(MetricPanics, metric.WithUnit("{panic}"),
		metric.WithDescription("Flex handlers that panicked.")); err != nil {
		return nil, err
	}
	if m.background, err = meter.Int64UpDownCounter(MetricBackgroundActive, metric.WithUnit("{work}"),
		metric.WithDescription("Work started with Task.Go still running.")); err != nil {
		return nil, err
	}
	if m.cutShort, err = meter.Int64Counter(MetricBackgroundCut, metric.WithUnit("{work}"),
		metric.WithDescription("Work started with Task.Go cut short by FLEX_BACKGROUND_LIMIT.")); err != nil {
		return nil, err
	}
	return &m, nil
}

// recordAnswer records one answered request: its duration by handler and status class, and a
// timeout or a panic.
func (m *metrics) recordAnswer(ctx context.Context, h *handlerInfo, o core.Outcome, took time.Duration) {
	class := statusClass(o.Status)
	opt, ok := h.classes.Load(class)
	if !ok {
		kvs := append(h.set.ToSlice(), AttrStatusClass.String(class))
		opt, _ = h.classes.LoadOrStore(class, metric.WithAttributes(kvs...))
	}
	m.duration.Record(ctx, took.Seconds(), opt.(metric.MeasurementOption))
	switch o.Cause {
	case core.CauseTimeout:
		m.timeouts.Add(ctx, 1, h.withSet)
	case core.CausePanic:
		m.panics.Add(ctx, 1, h.withSet)
	}
}
