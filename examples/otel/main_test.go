package main

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	collectortrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/flexgo/flexgo/internal/testenv"
)

func build(t *testing.T, dir, pkg, name string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), name)
	cmd := exec.Command("go", "build", "-o", bin, pkg)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build %s: %v\n%s", pkg, err, out)
	}
	return bin
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// start runs bin on addr and returns once it answers its health check, with the time that took.
func start(t *testing.T, bin, addr string, env ...string) (*exec.Cmd, time.Duration) {
	t.Helper()
	host, port, _ := net.SplitHostPort(addr)
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), append([]string{"FLEX_HOST=" + host, "FLEX_PORT=" + port, "FLEX_LOG_LEVEL=error"}, env...)...)
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Timeout: time.Second}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if resp, err := client.Get("http://" + addr + "/healthcheck"); err == nil {
			resp.Body.Close()
			return cmd, time.Since(begin)
		}
	}
	_ = cmd.Process.Kill()
	t.Fatal("never answered")
	return nil, 0
}

// TestExportsToACollector runs the example against a local OTLP/HTTP receiver: a request's span
// reaches it, named as otelflex names it.
func TestExportsToACollector(t *testing.T) {
	testenv.SkipIfShort(t, "builds and runs the example")
	var mu sync.Mutex
	var names []string
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.URL.Path == "/v1/traces" {
			var req collectortrace.ExportTraceServiceRequest
			if err := proto.Unmarshal(body, &req); err == nil {
				mu.Lock()
				for _, rs := range req.ResourceSpans {
					for _, ss := range rs.ScopeSpans {
						for _, s := range ss.Spans {
							names = append(names, s.Name)
						}
					}
				}
				mu.Unlock()
			}
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer collector.Close()
	bin := build(t, ".", ".", "otel")
	addr := freeAddr(t)
	cmd, _ := start(t, bin, addr, "OTEL_EXPORTER_OTLP_ENDPOINT="+collector.URL, "OTEL_BSP_SCHEDULE_DELAY=50")
	resp, err := http.Get("http://" + addr + "/books/1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	_ = cmd.Process.Signal(syscall.SIGTERM) // the drain, then the providers' flush
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Contains(names, "flex.data books onGetById") {
		t.Fatalf("the collector got spans %v", names)
	}
}

// TestColdStart reports what OpenTelemetry costs at start: exec to the first answered health
// check of the bookstore with and without it (the SDK, two OTLP exporters), 10 runs each, after
// one unmeasured.
func TestColdStart(t *testing.T) {
	testenv.SkipIfShort(t, "builds and starts two programs 22 times")
	plain := build(t, "../..", "./examples/bookstore", "bookstore")
	instrumented := build(t, ".", ".", "otel")
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer collector.Close()
	measure := func(bin string) []time.Duration {
		var out []time.Duration
		for i := 0; i < 11; i++ {
			cmd, d := start(t, bin, freeAddr(t), "OTEL_EXPORTER_OTLP_ENDPOINT="+collector.URL)
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			if i > 0 {
				out = append(out, d)
			}
		}
		slices.Sort(out)
		return out
	}
	p, o := measure(plain), measure(instrumented)
	sp, _ := os.Stat(plain)
	so, _ := os.Stat(instrumented)
	t.Logf("cold start, exec → first 200: bookstore %s median (%s max), %d bytes; with OpenTelemetry %s median (%s max), %d bytes",
		p[len(p)/2].Round(10*time.Microsecond), p[len(p)-1].Round(10*time.Microsecond), sp.Size(),
		o[len(o)/2].Round(10*time.Microsecond), o[len(o)-1].Round(10*time.Microsecond), so.Size())
}
