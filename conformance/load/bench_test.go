package load_test

import (
	"crypto/subtle"
	"io"
	"log/slog"
	nethttp "net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	flexhttp "github.com/flexgo/flexgo/adapters/http"
	"github.com/flexgo/flexgo/conformance/twin"
	"github.com/flexgo/flexgo/core"
)

// The adapter's per-request cost, beside a control: the least a net/http handler can do to give
// the same answers (the bench harness's bench/control, in process). Both see the same requests
// through httptest, so what flexgo adds over net/http shows as the difference, in one run.
//
//	go test -run '^$' -bench Handler -benchmem ./adapters/http

var handlerCases = []struct {
	name, method, path, body, key string
	status                        int
}{
	{"GetByID", "GET", "/books/42", "", "s", 200},
	{"Insert", "POST", "/books", `{"title":"Dune","author":"Herbert","year":1965}`, "s", 201},
	{"Function", "POST", "/_flexFunctions/echo", `{"body":{"title":"Dune"}}`, "s", 200},
	{"Unauthorized", "GET", "/books/42", "", "", 401},
}

func BenchmarkHandler(b *testing.B) {
	svc := twin.New(core.WithConfig(core.Config{SharedSecret: "s"}), core.WithLogger(slog.New(slog.DiscardHandler)))
	handlers := []struct {
		name string
		h    nethttp.Handler
	}{{"flexgo", flexhttp.Handler(svc)}, {"control", controlHandler("s")}}
	for _, c := range handlerCases {
		for _, h := range handlers {
			b.Run(c.name+"/"+h.name, func(b *testing.B) {
				b.ReportAllocs()
				start := cpuTime()
				for b.Loop() {
					req := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
					if c.body != "" {
						req.Header["Content-Type"] = []string{"application/json"}
					}
					if c.key != "" {
						req.Header["X-Auth-Key"] = []string{c.key}
					}
					w := httptest.NewRecorder()
					h.h.ServeHTTP(w, req)
					if w.Code != c.status {
						b.Fatalf("%d %s", w.Code, w.Body)
					}
				}
				b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}

// controlHandler answers the benchmark's requests with fixed JSON of the twin's sizes, checking
// the shared secret, and nothing else.
func controlHandler(secret string) nethttp.Handler {
	fixed := map[string][]byte{
		"GET /books/42":             []byte(`{"_id":"42","query":null,"title":"Book 42"}`),
		"POST /books":               []byte(`{"_id":"new","author":"Herbert","title":"Dune","year":1965}`),
		"POST /_flexFunctions/echo": []byte(`{"request":{"method":"POST","headers":{},"username":"","userId":"","objectName":"","tempObjectStore":{},"body":{"title":"Dune"}},"response":{"status":0,"headers":{},"body":{"context":{"method":"POST","headers":{},"username":"","userId":"","hookType":"customEndpoint","body":{"title":"Dune"}}},"statusCode":200,"continue":true}}`),
	}
	unauthorized := []byte(`{"error":"InvalidCredentials","description":"Invalid credentials.  Please retry your request with correct credentials.","debug":"The Authorization Key was not valid or missing."}`)
	return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		body, status := fixed[r.Method+" "+r.URL.Path], nethttp.StatusOK
		if r.Method == "POST" && r.URL.Path == "/books" {
			status = nethttp.StatusCreated
		}
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("X-Auth-Key")), []byte(secret)) != 1 {
			body, status = unauthorized, nethttp.StatusUnauthorized
		}
		h := w.Header()
		h["Content-Type"] = []string{"application/json; charset=utf-8"}
		h["Content-Length"] = []string{strconv.Itoa(len(body))}
		w.WriteHeader(status)
		_, _ = w.Write(body)
	})
}

// cpuTime is the process's CPU time so far, every thread included.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
