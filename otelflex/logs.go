package otelflex

import (
	"context"
	"log/slog"
	"os"

	"go.opentelemetry.io/otel/trace"
)

// LogFormat is how a log line names its trace, so that a platform's log viewer joins lines to
// traces.
type LogFormat int

// The formats.
const (
	// LogW3C writes "trace_id" and "span_id" in W3C hex, for a local collector or any backend.
	LogW3C LogFormat = iota
	// LogXRay writes "xray_trace_id" in X-Ray's form (1-5759e988-bd862e3fe1be46a994272793), as
	// CloudWatch and X-Ray join them on AWS, and "span_id".
	LogXRay
	// LogCloudLogging writes Cloud Logging's "logging.googleapis.com/trace"
	// (projects/PROJECT/traces/TRACE_ID), "logging.googleapis.com/spanId" and
	// "logging.googleapis.com/trace_sampled" (https://cloud.google.com/logging/docs/structured-logging).
	LogCloudLogging
)

// platformLogFormat is the format of the platform the process runs on: Lambda
// (AWS_LAMBDA_FUNCTION_NAME), Cloud Functions or Cloud Run (K_SERVICE), else W3C.
func platformLogFormat() LogFormat {
	switch {
	case os.Getenv("AWS_LAMBDA_FUNCTION_NAME") != "":
		return LogXRay
	case os.Getenv("K_SERVICE") != "":
		return LogCloudLogging
	}
	return LogW3C
}

// LogHandler wraps h so that every line logged with a context that holds a span (the handler's
// context, and everything derived from it) carries the span's trace and span id, in format.
// project is the Google Cloud project, for LogCloudLogging (GOOGLE_CLOUD_PROJECT when empty).
func LogHandler(h slog.Handler, format LogFormat, project string) slog.Handler {
	if project == "" {
		project = os.Getenv("GOOGLE_CLOUD_PROJECT")
	}
	return logHandler{Handler: h, format: format, project: project}
}

type logHandler struct {
	slog.Handler
	format  LogFormat
	project string
}

// Handle adds the trace ids of ctx's span.
func (h logHandler) Handle(ctx context.Context, r slog.Record) error {
	sc := trace.SpanContextFromContext(ctx)
	if !sc.IsValid() {
		return h.Handler.Handle(ctx, r)
	}
	r = r.Clone()
	switch h.format {
	case LogXRay:
		r.AddAttrs(slog.String("xray_trace_id", xrayTraceID(sc.TraceID())), slog.String("span_id", sc.SpanID().String()))
	case LogCloudLogging:
		if h.project != "" {
			r.AddAttrs(slog.String("logging.googleapis.com/trace", "projects/"+h.project+"/traces/"+sc.TraceID().String()))
		}
		r.AddAttrs(slog.String("logging.googleapis.com/spanId", sc.SpanID().String()),
			slog.Bool("logging.googleapis.com/trace_sampled", sc.IsSampled()))
	default:
		r.AddAttrs(slog.String("trace_id", sc.TraceID().String()), slog.String("span_id", sc.SpanID().String()))
	}
	return h.Handler.Handle(ctx, r)
}

// WithAttrs keeps the wrapping.
func (h logHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return logHandler{Handler: h.Handler.WithAttrs(attrs), format: h.format, project: h.project}
}

// WithGroup keeps the wrapping.
func (h logHandler) WithGroup(name string) slog.Handler {
	return logHandler{Handler: h.Handler.WithGroup(name), format: h.format, project: h.project}
}
