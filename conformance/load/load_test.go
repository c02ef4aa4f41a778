package load_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	nethttp "net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	flexhttp "github.com/flexgo/flexgo/adapters/http"
	"github.com/flexgo/flexgo/conformance/twin"
	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/internal/testenv"
)

// loadCase is one kind of request of the mixed load and how to tell its answer is right.
type loadCase struct {
	method, path, body, key string
	status                  int
	check                   func(map[string]any) bool
}

var loadCases = []loadCase{
	{"GET", "/books/7", "", "k", 200, func(m map[string]any) bool { return m["title"] == "Book 7" }},
	{"POST", "/books", `{"title":"Dune"}`, "k", 201, func(m map[string]any) bool { return m["_id"] == "new" && m["title"] == "Dune" }},
	{"POST", "/_flexFunctions/stamp", `{"body":{"a":1}}`, "k", 200, func(m map[string]any) bool {
		return m["response"].(map[string]any)["body"].(map[string]any)["stamped"] == true
	}},
	{"POST", "/_auth/login", `{"username":"ann","password":"pw"}`, "k", 200, func(m map[string]any) bool { return m["authenticated"] == true }},
	{"GET", "/books/7", "", "wrong", 401, func(m map[string]any) bool { return m["error"] == "InvalidCredentials" }},
	{"GET", "/healthcheck", "", "", 200, func(m map[string]any) bool { return m["healthy"] == true }},
}

// TestLoad sends a bounded mixed load through the net/http adapter on loopback: 100,000
// requests at concurrency 256 (10,000 under the race detector), and requires every answer to be
// right, and no goroutines or heap left behind once it ends.
func TestLoad(t *testing.T) {
	testenv.SkipIfShort(t, "the load test sends 100,000 requests")
	total, concurrency := 100_000, 256
	if raceEnabled {
		total = 10_000
	}
	svc := twin.New(core.WithConfig(core.Config{SharedSecret: "k"}), core.WithLogger(slog.New(slog.DiscardHandler)))
	srv := httptest.NewServer(flexhttp.Handler(svc))
	defer srv.Close()
	client := &nethttp.Client{
		Transport: &nethttp.Transport{MaxIdleConnsPerHost: concurrency, MaxConnsPerHost: concurrency},
		Timeout:   30 * time.Second,
	}

	warm := func(n int) { // settle pools and the connection set before measuring
		for i := 0; i < n; i++ {
			doLoad(client, srv.URL, loadCases[i%len(loadCases)])
		}
	}
	warm(200)
	goroutinesBefore, heapBefore := settle()

	var next, failures, wrong atomic.Int64
	var firstErr sync.Once
	var errText string
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(total) {
					return
				}
				c := loadCases[i%int64(len(loadCases))]
				ok, err := doLoad(client, srv.URL, c)
				if err != nil {
					failures.Add(1)
					firstErr.Do(func() { errText = err.Error() })
				} else if !ok {
					wrong.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	client.CloseIdleConnections()
	goroutinesAfter, heapAfter := settle()

	report := fmt.Sprintf("load: %d requests at concurrency %d in %s (%.0f req/s): %d errors, %d wrong answers; goroutines %d → %d; heap in use %.1f → %.1f MiB",
		total, concurrency, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(),
		failures.Load(), wrong.Load(), goroutinesBefore, goroutinesAfter,
		float64(heapBefore)/(1<<20), float64(heapAfter)/(1<<20))
	t.Log(report)
	fmt.Println(report)
	if failures.Load() != 0 || wrong.Load() != 0 {
		t.Fatalf("%d errors (first: %s), %d wrong answers", failures.Load(), errText, wrong.Load())
	}
	if goroutinesAfter > goroutinesBefore+2 {
		t.Errorf("goroutines grew from %d to %d", goroutinesBefore, goroutinesAfter)
	}
	if heapAfter > heapBefore+16<<20 {
		t.Errorf("heap in use grew from %d to %d bytes", heapBefore, heapAfter)
	}
}

func doLoad(client *nethttp.Client, base string, c loadCase) (bool, error) {
	var body io.Reader
	if c.body != "" {
		body = bytes.NewReader([]byte(c.body))
	}
	req, err := nethttp.NewRequest(c.method, base+c.path, body)
	if err != nil {
		return false, err
	}
	if c.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.key != "" {
		req.Header.Set("X-Auth-Key", c.key)
	}
	resp, err := client.Do(req)
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return false, err
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return false, nil
	}
	return resp.StatusCode == c.status && c.check(m), nil
}

// settle waits for goroutines to finish exiting and returns their number and the heap in use.
func settle() (int, uint64) {
	var prev int
	for i := 0; i < 50; i++ {
		runtime.GC()
		n := runtime.NumGoroutine()
		if n == prev {
			break
		}
		prev = n
		time.Sleep(20 * time.Millisecond)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return runtime.NumGoroutine(), ms.HeapInuse
}
