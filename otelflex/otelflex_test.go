package otelflex_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/flexgo/flexgo/adapters/gcf"
	flexhttp "github.com/flexgo/flexgo/adapters/http"
	"github.com/flexgo/flexgo/adapters/lambda"
	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/core/backend"
	"github.com/flexgo/flexgo/otelflex"
)

// rig is a service instrumented with the SDK: an in-memory span exporter, a manual metric reader,
// and its log lines in a buffer.
type rig struct {
	svc    *core.Service
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
	logs   *syncBuffer
	tp     *sdktrace.TracerProvider
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func newRig(t *testing.T, format otelflex.LogFormat, cfg core.Config, register func(*core.Service, *sdktrace.TracerProvider)) *rig {
	t.Helper()
	r := &rig{spans: tracetest.NewInMemoryExporter(), reader: sdkmetric.NewManualReader(), logs: &syncBuffer{}}
	r.tp = sdktrace.NewTracerProvider(sdktrace.WithSyncer(r.spans))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r.reader))
	r.svc = core.NewService(core.WithConfig(cfg), core.WithLogger(slog.New(core.NewLogHandler(r.logs, slog.LevelInfo))))
	register(r.svc, r.tp)
	if err := otelflex.Instrument(r.svc, otelflex.WithTracerProvider(r.tp), otelflex.WithMeterProvider(mp),
		otelflex.WithPropagators(propagation.TraceContext{}), otelflex.WithLogFormat(format)); err != nil {
		t.Fatal(err)
	}
	return r
}

// span finds the ended span called name.
func (r *rig) span(t *testing.T, name string) tracetest.SpanStub {
	t.Helper()
	for i := 0; i < 200; i++ {
		for _, s := range r.spans.GetSpans() {
			if s.Name == name {
				return s
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	var names []string
	for _, s := range r.spans.GetSpans() {
		names = append(names, s.Name)
	}
	t.Fatalf("no span %q among %v", name, names)
	return tracetest.SpanStub{}
}

func attrs(s tracetest.SpanStub) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes {
		m[kv.Key] = kv.Value
	}
	return m
}

func bookstore(svc *core.Service, tp *sdktrace.TracerProvider) {
	books := svc.ServiceObject("books")
	books.OnGetByID(func(ctx context.Context, req *core.DataRequest, c *core.Completion) {
		_, child := tp.Tracer("handler").Start(ctx, "load book") // a child with the ordinary API
		child.End()
		req.Logger().Info("book read")
		c.SetBody(map[string]string{"_id": req.EntityID}).OK().Next()
	})
	books.OnGetAll(func(context.Context, *core.DataRequest, *core.Completion) { panic("boom") })
	books.OnDeleteAll(func(context.Context, *core.DataRequest, *core.Completion) {}) // never completes
	svc.Function("later", func(_ context.Context, fc *core.FunctionContext, c *core.Completion) {
		fc.Go("mail", func(context.Context) {})
		c.OK().Done()
	})
}

const (
	traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	spanID  = "00f067aa0ba902b7"
)

// net/http, with a W3C traceparent: the server span is its child, carries the Flex attributes, and
// is the parent of the handler's own span; the handler's log line carries the ids.
func TestNetHTTPTraceparent(t *testing.T) {
	r := newRig(t, otelflex.LogW3C, core.Config{SharedSecret: "s"}, bookstore)
	srv := httptest.NewServer(flexhttp.Handler(r.svc))
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/books/42", nil)
	req.Header.Set("X-Auth-Key", "s")
	req.Header.Set("X-Kinvey-Request-Id", "req-9")
	req.Header.Set("X-Kinvey-Environment-Id", "kid_1")
	req.Header.Set("Traceparent", "00-"+traceID+"-"+spanID+"-01")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	s := r.span(t, "flex.data books onGetById")
	if s.SpanKind != trace.SpanKindServer || s.Parent.TraceID().String() != traceID || s.Parent.SpanID().String() != spanID || !s.Parent.IsRemote() {
		t.Fatalf("server span: kind %v parent %v", s.SpanKind, s.Parent)
	}
	a := attrs(s)
	for k, want := range map[attribute.Key]string{"flex.kind": "data", "flex.name": "books", "flex.event": "onGetById",
		"flex.request_id": "req-9", "flex.environment_id": "kid_1", "flex.cause": "handler"} {
		if got := a[k].AsString(); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if a["http.response.status_code"].AsInt64() != 200 {
		t.Errorf("status %v", a["http.response.status_code"])
	}
	child := r.span(t, "load book")
	if child.Parent.SpanID() != s.SpanContext.SpanID() {
		t.Errorf("the handler's span is not the server span's child")
	}
	var line map[string]any
	for _, l := range strings.Split(r.logs.String(), "\n") {
		if strings.Contains(l, "book read") {
			_ = json.Unmarshal([]byte(l), &line)
		}
	}
	if line["trace_id"] != traceID || line["span_id"] != s.SpanContext.SpanID().String() {
		t.Errorf("the handler's log line does not carry the trace: %v", line)
	}
}

// Lambda, with the X-Ray header aws-lambda-go puts in the invocation's context.
func TestLambdaXRayParent(t *testing.T) {
	r := newRig(t, otelflex.LogXRay, core.Config{}, bookstore)
	h := lambda.NewHandler(r.svc)
	ctx := context.WithValue(context.Background(), "x-amzn-trace-id",
		"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
	if _, err := h.Invoke(ctx, []byte(`{"version":"2.0","rawPath":"/books/1","requestContext":{"http":{"method":"GET"},"domainName":"x.lambda-url.us-east-1.on.aws"}}`)); err != nil {
		t.Fatal(err)
	}
	s := r.span(t, "flex.data books onGetById")
	if s.Parent.TraceID().String() != "5759e988bd862e3fe1be46a994272793" || s.Parent.SpanID().String() != "53995c3f42cd8ad8" {
		t.Fatalf("parent %v", s.Parent)
	}
	if !strings.Contains(r.logs.String(), `"xray_trace_id":"1-5759e988-bd862e3fe1be46a994272793"`) {
		t.Errorf("log lines lack the X-Ray trace id: %s", r.logs)
	}
}

// Cloud Functions, with X-Cloud-Trace-Context: the parent, and Cloud Logging's members, once.
func TestCloudFunctionsTraceContext(t *testing.T) {
	t.Setenv("GOOGLE_CLOUD_PROJECT", "proj")
	r := newRig(t, otelflex.LogCloudLogging, core.Config{}, bookstore)
	r.svc.WrapLogHandler(func(slog.Handler) slog.Handler { // the adapter's Cloud Logging lines, wrapped as Instrument wraps
		return otelflex.LogHandler(gcf.NewLogHandler(r.logs, slog.LevelInfo, "proj"), otelflex.LogCloudLogging, "")
	})
	srv := httptest.NewServer(http.HandlerFunc(gcf.Handler(r.svc)))
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/books/1", nil)
	req.Header.Set("X-Cloud-Trace-Context", traceID+"/12345;o=1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	s := r.span(t, "flex.data books onGetById")
	if s.Parent.TraceID().String() != traceID || s.Parent.SpanID().String() != "0000000000003039" || !s.Parent.IsSampled() {
		t.Fatalf("parent %v", s.Parent)
	}
	var line string
	for _, l := range strings.Split(r.logs.String(), "\n") {
		if strings.Contains(l, "book read") {
			line = l
		}
	}
	if strings.Count(line, `"logging.googleapis.com/trace"`) != 1 || !strings.Contains(line, `"projects/proj/traces/`+traceID+`"`) ||
		!strings.Contains(line, `"logging.googleapis.com/spanId":"`+s.SpanContext.SpanID().String()+`"`) {
		t.Errorf("Cloud Logging line: %s", line)
	}
}

// A panic and a budget that runs out are span errors with events, and counted.
func TestPanicAndTimeoutAreErrors(t *testing.T) {
	r := newRig(t, otelflex.LogW3C, core.Config{Timeout: 30 * time.Millisecond}, bookstore)
	for _, path := range []string{"/books"} {
		r.svc.Serve(context.Background(), &core.Request{Method: "GET", Path: path, Header: http.Header{}})
	}
	r.svc.Serve(context.Background(), &core.Request{Method: "DELETE", Path: "/books", Header: http.Header{}})
	for name, event := range map[string]string{"flex.data books onGetAll": "flex.panic", "flex.data books onDeleteAll": "flex.timeout"} {
		s := r.span(t, name)
		if s.Status.Code != codes.Error || len(s.Events) == 0 || s.Events[0].Name != event {
			t.Errorf("%s: status %v events %v", name, s.Status, s.Events)
		}
		if a := attrs(s); a["http.response.status_code"].AsInt64() != 500 || a["error.type"].AsString() == "" {
			t.Errorf("%s: %v", name, a)
		}
	}
	got := collect(t, r)
	if got["flex.server.panics"] != 1 || got["flex.server.timeouts"] != 1 {
		t.Errorf("counts %v", got)
	}
}

// collect sums each metric's data points (a histogram by its count).
func collect(t *testing.T, r *rig) map[string]int64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					out[m.Name] += p.Value
				}
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					out[m.Name] += int64(p.Count)
				}
			}
		}
	}
	return out
}

// After a small load: every request counted by handler and status class, none left in flight.
func TestMetricsAfterALoad(t *testing.T) {
	r := newRig(t, otelflex.LogW3C, core.Config{}, bookstore)
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.svc.Serve(context.Background(), &core.Request{Method: "GET", Path: "/books/1", Header: http.Header{}})
		}()
	}
	wg.Wait()
	got := collect(t, r)
	if got["flex.server.request.duration"] != 50 || got["flex.server.active_requests"] != 0 {
		t.Fatalf("%v", got)
	}
	var rm metricdata.ResourceMetrics
	_ = r.reader.Collect(context.Background(), &rm)
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if h, ok := m.Data.(metricdata.Histogram[float64]); ok {
				for _, p := range h.DataPoints {
					class, _ := p.Attributes.Value("http.response.status_class")
					name, _ := p.Attributes.Value("flex.name")
					if class.AsString() != "2xx" || name.AsString() != "books" || m.Unit != "s" {
						t.Errorf("data point %v unit %s", p.Attributes, m.Unit)
					}
				}
			}
		}
	}
}

// Work started with Task.Go gets its own span, linked to the request's.
func TestBackgroundWorkSpanIsLinked(t *testing.T) {
	r := newRig(t, otelflex.LogW3C, core.Config{}, bookstore)
	r.svc.Serve(context.Background(), &core.Request{Method: "POST", Path: "/_flexFunctions/later", Header: http.Header{}})
	if err := r.svc.WaitBackground(context.Background()); err != nil {
		t.Fatal(err)
	}
	req := r.span(t, "flex.functions later")
	work := r.span(t, "flex.work mail")
	if len(work.Links) != 1 || work.Links[0].SpanContext.SpanID() != req.SpanContext.SpanID() ||
		work.SpanContext.TraceID() == req.SpanContext.TraceID() {
		t.Fatalf("work span links %v", work.Links)
	}
}

// A backend call made with the handler's context is a client span, child of the request's span,
// and carries the trace to Kinvey in traceparent.
func TestBackendCallsAreClientSpans(t *testing.T) {
	var got http.Header
	kinvey := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`[{"_id":"1"}]`))
	}))
	defer kinvey.Close()
	var client *http.Client
	r := newRig(t, otelflex.LogW3C, core.Config{}, func(svc *core.Service, tp *sdktrace.TracerProvider) {
		client = backend.NewHTTPClient()
		client.Transport = otelflex.Transport(client.Transport, otelflex.WithTracerProvider(tp),
			otelflex.WithPropagators(propagation.TraceContext{}))
		svc.Function("recent", func(ctx context.Context, fc *core.FunctionContext, c *core.Completion) {
			bk := backend.New(fc.Task, backend.WithHTTPClient(client))
			books, err := bk.DataStore(backend.StoreOptions{}).Collection("books").Find(ctx, nil)
			if err != nil {
				c.Error(err).Done()
				return
			}
			c.SetBody(books).OK().Done()
		})
	})
	meta := `{"_id":"kid_1","appsecret":"a","mastersecret":"m","baasUrl":"` + kinvey.URL + `"}`
	resp := r.svc.Serve(context.Background(), &core.Request{Method: "POST", Path: "/_flexFunctions/recent",
		Header: http.Header{"X-Kinvey-App-Metadata": {meta}}})
	if resp.Status != 200 {
		t.Fatalf("%d %s", resp.Status, resp.Body)
	}
	server := r.span(t, "flex.functions recent")
	call := r.span(t, "kinvey GET /appdata/{app}/books")
	if call.SpanKind != trace.SpanKindClient || call.Parent.SpanID() != server.SpanContext.SpanID() {
		t.Fatalf("client span kind %v parent %v", call.SpanKind, call.Parent)
	}
	if tp := got.Get("Traceparent"); !strings.Contains(tp, server.SpanContext.TraceID().String()+"-"+call.SpanContext.SpanID().String()) {
		t.Fatalf("Kinvey got traceparent %q", tp)
	}
	t.Logf("sample trace: %s %v -> %s %v", server.Name, server.Attributes, call.Name, call.Attributes)
}
