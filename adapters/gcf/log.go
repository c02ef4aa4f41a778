package gcf

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"github.com/flexgo/flexgo/core"
)

type traceKey struct{}

// traceFrom reads the trace id of X-Cloud-Trace-Context ("TRACE_ID/SPAN_ID;o=1") or of a W3C
// traceparent ("00-TRACE_ID-SPAN_ID-01").
func traceFrom(h http.Header) string {
	if v := h.Get("X-Cloud-Trace-Context"); v != "" {
		id, _, _ := strings.Cut(v, "/")
		return id
	}
	if v := h.Get("Traceparent"); v != "" {
		if parts := strings.Split(v, "-"); len(parts) == 4 {
			return parts[1]
		}
	}
	return ""
}

// NewLogger returns a logger writing Cloud Logging's structured JSON to w, for core.WithLogger.
// The project for trace links comes from GOOGLE_CLOUD_PROJECT.
func NewLogger(w io.Writer, level slog.Leveler) *slog.Logger {
	return slog.New(NewLogHandler(w, level, os.Getenv("GOOGLE_CLOUD_PROJECT")))
}

// NewLogHandler returns a slog.Handler writing one Cloud Logging structured JSON line per record:
// "severity" (DEBUG, INFO, WARNING, ERROR, and CRITICAL for core.LevelFatal), "message", the
// record's attributes, and "logging.googleapis.com/trace" ("projects/P/traces/T") when the
// request carried a trace and project is known.
func NewLogHandler(w io.Writer, level slog.Leveler, project string) slog.Handler {
	return traceHandler{
		Handler: slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level, ReplaceAttr: cloudAttrs}),
		project: project,
	}
}

func cloudAttrs(groups []string, a slog.Attr) slog.Attr {
	if len(groups) > 0 {
		return a
	}
	switch a.Key {
	case slog.TimeKey:
		return slog.Attr{} // Cloud Logging stamps each line
	case slog.MessageKey:
		a.Key = "message"
	case slog.LevelKey:
		a.Key = "severity"
		a.Value = slog.StringValue(severity(a.Value.Any().(slog.Level)))
	}
	return a
}

func severity(l slog.Level) string {
	switch {
	case l >= core.LevelFatal:
		return "CRITICAL"
	case l >= slog.LevelError:
		return "ERROR"
	case l >= slog.LevelWarn:
		return "WARNING"
	case l >= slog.LevelInfo:
		return "INFO"
	}
	return "DEBUG"
}

// traceHandler adds the request's trace to each record.
type traceHandler struct {
	slog.Handler
	project string
}

// Handle adds the request's trace, unless the record carries one already (an OpenTelemetry log
// handler around this one, such as otelflex's, writes the trace of the request's span).
func (h traceHandler) Handle(ctx context.Context, r slog.Record) error {
	if trace, _ := ctx.Value(traceKey{}).(string); trace != "" && h.project != "" && !hasAttr(r, cloudTraceKey) {
		r = r.Clone()
		r.AddAttrs(slog.String(cloudTraceKey, "projects/"+h.project+"/traces/"+trace))
	}
	return h.Handler.Handle(ctx, r)
}

func (h traceHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return traceHandler{Handler: h.Handler.WithAttrs(attrs), project: h.project}
}

func (h traceHandler) WithGroup(name string) slog.Handler {
	return traceHandler{Handler: h.Handler.WithGroup(name), project: h.project}
}

// cloudTraceKey is the member Cloud Logging joins a line to its trace by.
const cloudTraceKey = "logging.googleapis.com/trace"

func hasAttr(r slog.Record, key string) bool {
	found := false
	r.Attrs(func(a slog.Attr) bool {
		found = a.Key == key
		return !found
	})
	return found
}
