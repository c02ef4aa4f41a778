package otelflex

import (
	"net/http"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// Transport wraps base (http.DefaultTransport when nil) so that each call is a client span, a
// child of the span in the request's context, with the trace context put in the call's headers.
// Give it to the backend module's client:
//
//	kinvey := backend.NewHTTPClient()
//	kinvey.Transport = otelflex.Transport(kinvey.Transport)
//	bk := backend.New(fc.Task, backend.WithHTTPClient(kinvey)) // in a handler, with its ctx
//
// Spans are named "kinvey <METHOD> /<api>/{app}/<collection>" (dataStore's find on books:
// "kinvey GET /appdata/{app}/books"): the ids are left out of the name, which stays one per
// operation. Written here rather than taken from otelhttp (go.opentelemetry.io/contrib): this
// package keeps to the OpenTelemetry API.
func Transport(base http.RoundTripper, opts ...Option) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	c := newConfig(opts)
	return transport{base: base, tracer: c.tp.Tracer(ScopeName), props: c.props}
}

type transport struct {
	base   http.RoundTripper
	tracer trace.Tracer
	props  propagation.TextMapPropagator
}

// RoundTrip makes the call inside its span.
func (t transport) RoundTrip(r *http.Request) (*http.Response, error) {
	path := requestPath(r)
	ctx, span := t.tracer.Start(r.Context(), kinveySpanName(r.Method, path), trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attribute.String("http.request.method", r.Method),
			attribute.String("server.address", r.URL.Hostname()), attribute.String("url.path", path)))
	defer span.End()
	r = r.Clone(ctx)
	t.props.Inject(ctx, propagation.HeaderCarrier(r.Header))
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
		return resp, err
	}
	span.SetAttributes(attribute.Int("http.response.status_code", resp.StatusCode))
	if resp.StatusCode >= 400 {
		span.SetAttributes(attribute.String("error.type", http.StatusText(resp.StatusCode)))
		span.SetStatus(codes.Error, resp.Status)
	}
	return resp, nil
}

// requestPath is the path the call sends: the backend module sets it in URL.Opaque, so that Go
// sends it exactly as the Node SDK does (it may be in absolute form).
func requestPath(r *http.Request) string {
	if r.URL.Opaque == "" {
		return r.URL.EscapedPath()
	}
	p := r.URL.Opaque
	if strings.HasPrefix(p, "//") { // "//host/path": the path follows the host
		if i := strings.IndexByte(p[2:], '/'); i >= 0 {
			p = p[2+i:]
		}
	}
	p, _, _ = strings.Cut(p, "?")
	return p
}

// kinveySpanName names a call to Kinvey by its API and collection, without ids.
func kinveySpanName(method, path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	name := "kinvey " + method + " /" + parts[0]
	if len(parts) > 1 {
		name += "/{app}"
	}
	if len(parts) > 2 {
		name += "/" + parts[2]
	}
	return name
}
