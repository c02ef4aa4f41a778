package otelflex

import (
	"context"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// lambdaTraceKey is the context key under which aws-lambda-go hands a handler the invocation's
// X-Ray trace header (lambda/invoke_loop.go: context.WithValue(ctx, "x-amzn-trace-id", ...)).
const lambdaTraceKey = "x-amzn-trace-id"

// parentContext is ctx with the parent of a request's span: a span ctx already has (an outer
// instrumentation's), else what the propagator reads from the request's headers (traceparent),
// else Google's X-Cloud-Trace-Context, else the X-Ray header Lambda handed the invocation.
//
// Written here rather than taken from the contrib propagators (go.opentelemetry.io/contrib's
// aws/xray and gcp propagators): each is a module of its own for a dozen lines of parsing, and
// this package keeps to the OpenTelemetry API.
func parentContext(ctx context.Context, props propagation.TextMapPropagator, fields []string, h http.Header) context.Context {
	if trace.SpanContextFromContext(ctx).IsValid() {
		return ctx
	}
	if h != nil {
		if hasAny(h, fields) {
			if got := props.Extract(ctx, propagation.HeaderCarrier(h)); trace.SpanContextFromContext(got).IsValid() {
				return got
			}
		}
		if sc, ok := cloudTraceContext(h.Get("X-Cloud-Trace-Context")); ok {
			return trace.ContextWithRemoteSpanContext(ctx, sc)
		}
	}
	if v, ok := ctx.Value(lambdaTraceKey).(string); ok {
		if sc, ok := xrayTraceHeader(v); ok {
			return trace.ContextWithRemoteSpanContext(ctx, sc)
		}
	}
	return ctx
}

// cloudTraceContext reads "TRACE_ID/SPAN_ID;o=1": a 32-hex trace id, a decimal span id, o=1 when
// sampled (https://cloud.google.com/trace/docs/trace-context#legacy-http-header).
func cloudTraceContext(v string) (trace.SpanContext, bool) {
	if v == "" {
		return trace.SpanContext{}, false
	}
	ids, opts, _ := strings.Cut(v, ";")
	traceHex, spanDec, _ := strings.Cut(ids, "/")
	tid, err := trace.TraceIDFromHex(traceHex)
	if err != nil {
		return trace.SpanContext{}, false
	}
	cfg := trace.SpanContextConfig{TraceID: tid, Remote: true}
	if n, err := strconv.ParseUint(spanDec, 10, 64); err == nil && n != 0 {
		for i := 7; i >= 0; i-- {
			cfg.SpanID[i] = byte(n)
			n >>= 8
		}
	}
	if opts == "o=1" {
		cfg.TraceFlags = trace.FlagsSampled
	}
	sc := trace.NewSpanContext(cfg)
	return sc, sc.IsValid()
}

// xrayTraceHeader reads "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1":
// the root's epoch and unique parts make the 32-hex trace id, Parent the span id
// (https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader).
func xrayTraceHeader(v string) (trace.SpanContext, bool) {
	var cfg trace.SpanContextConfig
	cfg.Remote = true
	for _, part := range strings.Split(v, ";") {
		k, val, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "Root":
			f := strings.Split(val, "-")
			if len(f) != 3 || f[0] != "1" {
				return trace.SpanContext{}, false
			}
			tid, err := trace.TraceIDFromHex(f[1] + f[2])
			if err != nil {
				return trace.SpanContext{}, false
			}
			cfg.TraceID = tid
		case "Parent":
			b, err := hex.DecodeString(val)
			if err != nil || len(b) != 8 {
				return trace.SpanContext{}, false
			}
			copy(cfg.SpanID[:], b)
		case "Sampled":
			if val == "1" {
				cfg.TraceFlags = trace.FlagsSampled
			}
		}
	}
	sc := trace.NewSpanContext(cfg)
	return sc, sc.IsValid()
}

// xrayTraceID writes a trace id as X-Ray writes it: "1-" + the first 8 hex digits + "-" + the rest.
func xrayTraceID(id trace.TraceID) string {
	s := id.String()
	return "1-" + s[:8] + "-" + s[8:]
}

// canonicalFields are the headers props reads, in canonical form, so that a request without them
// is not handed to the propagator (which canonicalises each name it asks for, every time).
func canonicalFields(props propagation.TextMapPropagator) []string {
	var out []string
	for _, f := range props.Fields() {
		out = append(out, http.CanonicalHeaderKey(f))
	}
	return out
}

func hasAny(h http.Header, fields []string) bool {
	for _, f := range fields {
		if _, ok := h[f]; ok {
			return true
		}
	}
	return false
}
