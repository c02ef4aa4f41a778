package main

import (
	"bufio"
	"context"
	_ "embed"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/flexgo/flexgo/internal/testenv"
)

var (
	//go:embed testdata/wrk.txt
	wrkOutput []byte
	//go:embed testdata/gobench.txt
	goBenchOutput []byte
	//go:embed testdata/stat.txt
	statLine []byte
	//go:embed testdata/status.txt
	statusText []byte
)

// flexLike answers the harness's four requests the way a Flex service does, with Content-Length
// answers, and a chunked answer under /chunked.
func flexLike() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/chunked":
			w.(http.Flusher).Flush() // no Content-Length: the answer goes chunked
			_, _ = io.WriteString(w, `{"a":`)
			w.(http.Flusher).Flush()
			_, _ = io.WriteString(w, `1}`)
		case r.Header.Get("X-Auth-Key") != benchSecret:
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"error":"InvalidCredentials"}`)
		case r.Method == "POST" && r.URL.Path == "/books":
			w.WriteHeader(http.StatusCreated)
			_, _ = io.WriteString(w, `{"_id":"new","title":"Dune"}`)
		default:
			_, _ = io.WriteString(w, `{"_id":"42","title":"Book 42"}`)
		}
	})
}

// TestGoLoader drives an httptest server for a short while with each case and checks what the
// load generator counted.
func TestGoLoader(t *testing.T) {
	srv := httptest.NewServer(flexLike())
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	chunked := benchCase{ID: "chunked", Title: "GET /chunked", Method: "GET", Path: "/chunked", Status: 200}
	wrongStatus := benchCases[0]
	wrongStatus.Status = 204
	tests := []struct {
		name    string
		c       benchCase
		wantBad bool
	}{
		{"get", benchCases[0], false},
		{"insert", benchCases[1], false},
		{"401", benchCases[3], false},
		{"chunked", chunked, false},
		{"wrong status counted", wrongStatus, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := goLoader{}.Run(context.Background(), addr, tt.c, 4, 200*time.Millisecond)
			if err != nil {
				t.Fatal(err)
			}
			if res.Requests < 4 || res.Errors != 0 { // at least one answer per connection: the machine may be busy
				t.Fatalf("requests %d, errors %d", res.Requests, res.Errors)
			}
			if (res.BadStatus == res.Requests) != tt.wantBad || (res.BadStatus == 0) == tt.wantBad {
				t.Fatalf("%d of %d answers counted with a wrong status", res.BadStatus, res.Requests)
			}
			if res.P50 <= 0 || res.P99 < res.P50 || res.Elapsed < 200*time.Millisecond || res.RPS() <= 0 {
				t.Fatalf("latencies or timing off: %+v", res)
			}
		})
	}
}

// TestLoadPlanAgainstServers runs the harness's load phase end to end against two in-process
// servers for about a second: every case verified and measured, ratios computable.
func TestLoadPlanAgainstServers(t *testing.T) {
	var servers []*server
	for _, id := range []string{"twin", "control"} {
		srv := httptest.NewServer(flexLike())
		defer srv.Close()
		// The servers run in this process: their CPU and memory are the test's own.
		s := &server{serverSpec: serverSpec{ID: id, Name: id}, Addr: strings.TrimPrefix(srv.URL, "http://"),
			cmd: &exec.Cmd{Process: &os.Process{Pid: os.Getpid()}}}
		servers = append(servers, s)
	}
	for _, c := range benchCases {
		if c.ID == "function" {
			continue // flexLike has no function answer
		}
		if err := c.verify(servers[0].Addr); err != nil {
			t.Fatal(err)
		}
	}
	plan := loadPlan{Cases: []benchCase{benchCases[0], benchCases[3]}, Concs: []int{1, 8}, Runs: 1,
		Duration: 150 * time.Millisecond, Loader: goLoader{}, Progress: io.Discard}
	results, err := measureLoad(context.Background(), servers, plan)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 2*2*2 {
		t.Fatalf("%d results, want 8", len(results))
	}
	rep := &report{Cases: plan.Cases, Concs: plan.Concs, Results: results,
		Servers: []serverInfo{{ID: "twin", Name: "twin", IdleRSS: 1 << 20}, {ID: "control", Name: "control", IdleRSS: 1 << 20}}}
	for _, r := range results {
		if r.RPS() <= 0 || r.CPU < 0 || r.PeakRSS <= 0 {
			t.Fatalf("implausible run: %+v", r)
		}
	}
	var out strings.Builder
	rep.writeAllRuns(&out)
	if got := strings.Count(out.String(), "\n"); got != 2+8 {
		t.Fatalf("table of %d lines:\n%s", got, out.String())
	}
}

func TestReadResponse(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		status    int
		keepAlive bool
		wantErr   bool
		rest      string // what must be left unread
	}{
		{"content-length", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}NEXT", 200, true, false, "NEXT"},
		{"case-insensitive names", "HTTP/1.1 401 Unauthorized\r\ncontent-length: 3\r\n\r\n{ }NEXT", 401, true, false, "NEXT"},
		{"chunked with trailer", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\nX: y\r\n\r\nNEXT", 200, true, false, "NEXT"},
		{"connection close", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 200, false, false, ""},
		{"HTTP/1.0 keep-alive", "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", 200, true, false, ""},
		{"HTTP/1.0 default close", "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", 200, false, false, ""},
		{"body to EOF", "HTTP/1.1 200 OK\r\n\r\nall of it", 200, false, false, ""},
		{"no content", "HTTP/1.1 204 No Content\r\n\r\nNEXT", 204, true, false, "NEXT"},
		{"not HTTP", "SSH-2.0-OpenSSH\r\n\r\n", 0, false, true, ""},
		{"bad status", "HTTP/1.1 2x0 OK\r\n\r\n", 0, false, true, ""},
		{"bad length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", 0, false, true, ""},
		{"short body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}", 0, false, true, ""},
		{"bad chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 0, false, true, ""},
		{"header without colon", "HTTP/1.1 200 OK\r\nbroken\r\n\r\n", 0, false, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			br := bufio.NewReader(strings.NewReader(tt.in))
			status, keep, err := readResponse(br)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			rest, _ := io.ReadAll(br)
			if status != tt.status || keep != tt.keepAlive || string(rest) != tt.rest {
				t.Fatalf("got %d keep-alive %v rest %q", status, keep, rest)
			}
		})
	}
}

func TestHistogram(t *testing.T) {
	var h histogram
	for i := 1; i <= 1000; i++ { // 1 µs … 1 ms, uniformly
		h.record(time.Duration(i) * time.Microsecond)
	}
	var other histogram
	other.record(50 * time.Millisecond)
	h.merge(&other)
	tests := []struct {
		p    float64
		want time.Duration
	}{
		{0, time.Microsecond},
		{50, 500 * time.Microsecond},
		{99, 990 * time.Microsecond},
		{100, 50 * time.Millisecond},
	}
	for _, tt := range tests {
		got := h.percentile(tt.p)
		if diff := float64(got-tt.want) / float64(tt.want); diff > 0.02 || diff < -0.02 {
			t.Errorf("p%.0f = %s, want %s ± 2%%", tt.p, got, tt.want)
		}
	}
	for ns := uint64(0); ns < 1<<20; ns = ns*9/8 + 1 { // buckets are ordered and values fall in theirs
		if v := bucketValue(bucketOf(ns)); ns >= 128 && (float64(v) < float64(ns)*0.98 || float64(v) > float64(ns)*1.02) {
			t.Fatalf("%d ns lands in a bucket worth %d ns", ns, v)
		}
		if bucketOf(ns) > bucketOf(ns*9/8+1) {
			t.Fatalf("buckets out of order at %d", ns)
		}
	}
	if b := bucketOf(1<<63 - 1); b >= histBuckets {
		t.Fatalf("the largest duration falls outside: bucket %d of %d", b, histBuckets)
	}
}

func TestParseWrk(t *testing.T) {
	s, err := parseWrk(wrkOutput)
	if err != nil {
		t.Fatal(err)
	}
	want := wrkSummary{Requests: 167950, DurationMicro: 5010123, StatusErrors: 12, ReadErrors: 1, Timeouts: 2, P50Micro: 1234, P99Micro: 8765}
	if s != want {
		t.Fatalf("got %+v\nwant %+v", s, want)
	}
	for _, bad := range []string{"", "Running 5s test\n", wrkSummaryPrefix + "{not json\n", wrkSummaryPrefix + `{"requests":0,"duration_us":1}` + "\n"} {
		if _, err := parseWrk([]byte(bad)); err == nil {
			t.Errorf("parseWrk(%q) accepted it", bad)
		}
	}
	script := wrkScript(benchCases[1])
	for _, want := range []string{`wrk.method = "POST"`, benchCases[1].Body, `X-Auth-Key`, "Content-Type", wrkSummaryPrefix, "done = function"} {
		if !strings.Contains(script, want) {
			t.Errorf("the script lacks %q:\n%s", want, script)
		}
	}
	if strings.Contains(wrkScript(benchCases[3]), "X-Auth-Key") {
		t.Error("the 401 case's script sends the secret")
	}
}

// TestWrkLoader runs wrk for a second against an httptest server, where wrk is installed.
func TestWrkLoader(t *testing.T) {
	w, ok := findWrk(t.TempDir())
	if !ok {
		testenv.Skip(t, "wrk is not installed")
	}
	srv := httptest.NewServer(flexLike())
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	for _, c := range []benchCase{benchCases[1], benchCases[3]} {
		res, err := w.Run(context.Background(), addr, c, 2, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if res.Requests < 10 || res.BadStatus != 0 || res.P99 < res.P50 || res.P50 <= 0 {
			t.Fatalf("%s: %+v", c.ID, res)
		}
	}
}

func TestParseGoBench(t *testing.T) {
	got, notes := parseGoBench(goBenchOutput)
	want := []goBench{
		{Pkg: corePkg, Name: "DispatchGetByID", NsOp: 7973, BytesOp: 2209, AllocsOp: 26}, // the median of three
		{Pkg: corePkg, Name: "DispatchUnauthorized", NsOp: 1488, BytesOp: 1153, AllocsOp: 12},
		{Pkg: lambdaPkg, Name: "Event/v2", NsOp: 12000, BytesOp: 4000, AllocsOp: 60},
		{Pkg: lambdaPkg, Name: "NoMem", NsOp: 100.5, BytesOp: -1, AllocsOp: -1},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	wantNotes := []string{"--- FAIL: BenchmarkBroken", "FAIL github.com/flexgo/flexgo/adapters/gcf [build failed]",
		"github.com/flexgo/flexgo/adapters/gcf: adapters/gcf/handler.go:12:2: undefined: foo"}
	if strings.Join(notes, "\n") != strings.Join(wantNotes, "\n") {
		t.Errorf("notes %q, want %q", notes, wantNotes)
	}
}

func TestParseProc(t *testing.T) {
	cpu, err := parseStatCPU(statLine)
	if err != nil || cpu != 3250*time.Millisecond { // (250 + 75) ticks
		t.Fatalf("cpu %s, %v", cpu, err)
	}
	rss, hwm, err := parseMemStatus(statusText)
	if err != nil || rss != 8192<<10 || hwm != 15360<<10 {
		t.Fatalf("rss %d hwm %d, %v", rss, hwm, err)
	}
	if _, err := parseStatCPU([]byte("1 (x) S 1 2")); err == nil {
		t.Error("a short stat line was accepted")
	}
	if _, _, err := parseMemStatus([]byte("VmRSS: 1 kB\n")); err == nil {
		t.Error("a status without VmHWM was accepted")
	}
	// And the live files of this process.
	if _, err := cpuTime(os.Getpid()); err != nil {
		testenv.Skip(t, "no /proc here: ", err)
	}
	if rss, hwm, err := memStatus(os.Getpid()); err != nil || rss <= 0 || hwm < rss {
		t.Fatalf("own memory: rss %d hwm %d, %v", rss, hwm, err)
	}
}

func TestReplaceSection(t *testing.T) {
	tests := []struct {
		name, doc, want string
		wantErr         bool
	}{
		{"replaces", "a\n" + markerStart + "\nold\n" + markerEnd + "\nb\n", "a\n" + markerStart + "\nnew\n" + markerEnd + "\nb\n", false},
		{"empty section", markerStart + markerEnd, markerStart + "\nnew\n" + markerEnd, false},
		{"no markers", "a\nb\n", "", true},
		{"end only", "a " + markerEnd, "", true},
		{"out of order", markerEnd + " " + markerStart, "", true},
		{"two sections", markerStart + markerEnd + markerStart + markerEnd, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := replaceSection(tt.doc, "\nnew\n\n")
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestCheckTargets(t *testing.T) {
	run := func(server, id string, rps float64, p99 time.Duration, cpu time.Duration) runResult {
		return runResult{Server: server, Case: id, Conc: targetConc, PeakRSS: 20 << 20, CPU: cpu,
			loadResult: loadResult{Requests: int64(rps), Elapsed: time.Second, P99: p99}}
	}
	rep := &report{
		Cases:   []benchCase{benchCases[0]},
		Servers: []serverInfo{{ID: "twin", IdleRSS: 13 << 20}},
		// CPU per request: Node 400 µs, flexgo 24 µs, the control 20 µs.
		Results: []runResult{run("node", "get", 1000, 100*time.Millisecond, 400*time.Millisecond), run("twin", "get", 16000, 5*time.Millisecond, 384*time.Millisecond),
			run("control", "get", 21000, 4*time.Millisecond, 420*time.Millisecond)},
		Cold: map[string]coldResult{"twin": {Samples: []time.Duration{5 * time.Millisecond, 6 * time.Millisecond, 30 * time.Millisecond}}},
		Benches: []goBench{{Pkg: corePkg, Name: "DispatchGetByID/inline-cancelable", NsOp: 2000, AllocsOp: 26},
			{Pkg: corePkg, Name: "DispatchGetByID/pooled", NsOp: 2000, AllocsOp: 20}, {Pkg: lambdaPkg, Name: "V2", NsOp: 13000},
			{Pkg: peersPkg, Name: "PerEvent/v2/get-by-id/flexgo", NsOp: 14000}, {Pkg: peersPkg, Name: "PerEvent/v2/get-by-id/api-proxy", NsOp: 20000},
			{Pkg: peersPkg, Name: "PerEvent/v1/get-by-id/flexgo", NsOp: 21000}, {Pkg: peersPkg, Name: "PerEvent/v1/get-by-id/api-proxy", NsOp: 20000}},
	}
	got := map[string]string{}
	for _, c := range checkTargets(rep) {
		got[c.Target] = c.Verdict
	}
	want := map[string]string{
		"GET /books/42, c=64: req/s ≥ 0.90× the control":              verdictMissed, // 0.76×
		"GET /books/42, c=64: CPU per request ≤ the control's + 3 µs": verdictMissed, // +4 µs
		"GET /books/42, c=64: CPU per request ≥ 15× less than Node's": verdictMet,    // 16.7×
		"Lambda v2 get by id: faster than aws-lambda-go-api-proxy":    verdictMet,
		"Lambda v1 get by id: faster than aws-lambda-go-api-proxy":    verdictMissed,
		"Lambda alb get by id: faster than aws-lambda-go-api-proxy":   verdictUnknown,
		"cold start (net/http binary): median ≤ 10.0 ms":              verdictMet,    // 6 ms
		"RSS idle ≤ 12.0 MiB":                                         verdictMissed, // 13 MiB
		"peak RSS at c=64 ≤ 25.0 MiB":                                 verdictMet,    // 20 MiB
		"core dispatch of a get by id ≤ 3.00 µs and ≤ 25 allocs":      verdictMissed, // 2 µs but 26 allocs
		"Lambda V2: ≤ 10.00 µs on top of the core":                    verdictMissed, // 11 µs over DispatchGetByID/pooled
	}
	for target, v := range want {
		if got[target] != v {
			t.Errorf("%s: %q, want %q (all: %v)", target, got[target], v, got)
		}
	}
}

func TestControl(t *testing.T) {
	testenv.SkipIfShort(t, "builds the control")
	bin := t.TempDir() + "/control"
	if out, err := exec.Command("go", "build", "-o", bin, "./control").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	s, err := startServer(serverSpec{ID: "control", Name: "control", Argv: []string{bin}, Dir: t.TempDir()}, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.stop()
	if _, err := s.waitHealthy(context.Background(), 10*time.Second); err != nil {
		t.Fatal(err)
	}
	for _, c := range benchCases {
		if err := c.verify(s.Addr); err != nil {
			t.Error(err)
		}
	}
}
