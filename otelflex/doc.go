// Package otelflex turns OpenTelemetry on for a flexgo service, on every platform: one server span
// per Flex request, client spans for the backend module's calls to Kinvey, a span for work
// started with Task.Go, metrics per handler, and log lines that carry the trace.
//
//	svc := bookstore.New(opts...)
//	if err := otelflex.Instrument(svc); err != nil { ... } // the global providers and propagator
//
// It builds on the core's middleware seam (core.Service.Use and UseWork) and depends on the
// OpenTelemetry API only: choose the SDK and the exporter in your main (see docs/observability.md).
// Without an SDK the global providers are no-ops, and so is this package.
//
// A request's parent span comes from the request itself (the W3C traceparent header, through the
// configured propagator), or from the platform: the X-Ray trace header that AWS Lambda hands the
// function (aws-lambda-go puts it in the invocation's context), or Google's X-Cloud-Trace-Context
// on Cloud Functions. The handler's context carries the span, so handlers add child spans with
// the ordinary API: tracer.Start(ctx, "...").
package otelflex
