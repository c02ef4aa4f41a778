package otelflex

import (
	"context"
	"strconv"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/flexgo/flexgo/core"
)

// The attributes of a Flex request's span and metrics. OpenTelemetry's semantic conventions have
// none for the Flex protocol; where one fits (the HTTP status, the error type) it is used.
const (
	AttrKind          = attribute.Key("flex.kind")           // data, functions or auth
	AttrName          = attribute.Key("flex.name")           // the service object or handler
	AttrEvent         = attribute.Key("flex.event")          // the FlexData event
	AttrHookType      = attribute.Key("flex.hook_type")      // pre, post or customEndpoint
	AttrRequestID     = attribute.Key("flex.request_id")     // X-Kinvey-Request-Id
	AttrEnvironmentID = attribute.Key("flex.environment_id") // X-Kinvey-Environment-Id
	AttrCause         = attribute.Key("flex.cause")          // who answered: handler, panic, timeout, caller_gone, middleware
	AttrStatusClass   = attribute.Key("http.response.status_class")
	attrStatusCode    = attribute.Key("http.response.status_code")
	attrErrorType     = attribute.Key("error.type")
)

// spanName is "flex.<kind> <name>", with the event for FlexData: "flex.data books onGetById",
// "flex.functions validateBook", "flex.auth login".
func spanName(call *core.Call) string {
	if call.Event != "" {
		return "flex." + call.Task.Type + " " + call.Name + " " + string(call.Event)
	}
	return "flex." + call.Task.Type + " " + call.Name
}

// handlerKey identifies a handler, for what is kept per handler.
type handlerKey struct {
	kind, name string
	event      core.Event
}

// handlerInfo is what the middleware keeps per handler, made once: the span's name and the
// metrics' attributes.
type handlerInfo struct {
	name    string
	set     attribute.Set
	withSet metric.MeasurementOption
	classes sync.Map // status class → metric.MeasurementOption of set and the class
}

// serverKind is the span kind option of every request, made once.
var serverKind = trace.WithSpanKind(trace.SpanKindServer)

func middleware(tracer trace.Tracer, props propagation.TextMapPropagator, m *metrics) core.Middleware {
	var mu sync.RWMutex
	handlers := map[handlerKey]*handlerInfo{} // a map, not a sync.Map: its key would be boxed per lookup
	info := func(call *core.Call) *handlerInfo {
		k := handlerKey{call.Task.Type, call.Name, call.Event}
		mu.RLock()
		h := handlers[k]
		mu.RUnlock()
		if h != nil {
			return h
		}
		set := attribute.NewSet(AttrKind.String(k.kind), AttrName.String(k.name), AttrEvent.String(string(k.event)))
		h = &handlerInfo{name: spanName(call), set: set, withSet: metric.WithAttributeSet(set)}
		mu.Lock()
		defer mu.Unlock()
		if existing := handlers[k]; existing != nil {
			return existing
		}
		handlers[k] = h
		return h
	}
	fields := canonicalFields(props)
	return func(next core.Next) core.Next {
		return func(ctx context.Context, call *core.Call, answer func(core.Outcome)) {
			h := info(call)
			ctx = parentContext(ctx, props, fields, call.Header)
			ctx, span := tracer.Start(ctx, h.name, serverKind)
			recording := span.IsRecording()
			if recording {
				span.SetAttributes(AttrKind.String(call.Task.Type), AttrName.String(call.Name),
					AttrRequestID.String(call.Task.RequestID), AttrEnvironmentID.String(call.Task.AppID))
				if call.Event != "" {
					span.SetAttributes(AttrEvent.String(string(call.Event)))
				}
				if call.Task.HookType != "" {
					span.SetAttributes(AttrHookType.String(string(call.Task.HookType)))
				}
			}
			measuring := m.duration.Enabled(ctx)
			if !recording && !measuring { // no-op providers: only the context's span is left to carry
				next(ctx, call, answer)
				return
			}
			if measuring {
				m.active.Add(ctx, 1, h.withSet)
			}
			start := time.Now()
			next(ctx, call, func(o core.Outcome) {
				finishSpan(span, o)
				if measuring {
					m.recordAnswer(ctx, h, o, time.Since(start))
					m.active.Add(ctx, -1, h.withSet)
				}
				answer(o)
			})
		}
	}
}

// finishSpan records the answer on the span and ends it.
func finishSpan(span trace.Span, o core.Outcome) {
	if span.IsRecording() {
		span.SetAttributes(attrStatusCode.Int(o.Status), AttrCause.String(o.Cause.String()))
		if o.Error != "" {
			span.SetAttributes(attrErrorType.String(string(o.Error)))
		}
		switch o.Cause {
		case core.CausePanic:
			span.AddEvent("flex.panic")
			span.SetStatus(codes.Error, "the handler panicked; its stack is in the service's log")
		case core.CauseTimeout:
			span.AddEvent("flex.timeout")
			span.SetStatus(codes.Error, "the handler did not complete within its timeout budget")
		case core.CauseCallerGone:
			span.SetStatus(codes.Error, "the caller went away before the handler completed")
		default:
			if o.Status >= 500 {
				span.SetStatus(codes.Error, string(o.Error))
			}
		}
	}
	span.End()
}

// statusClass is "2xx", "4xx", ... for a status.
func statusClass(status int) string {
	if status < 100 || status > 999 {
		return "other"
	}
	return strconv.Itoa(status/100) + "xx"
}
