package http_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	nethttp "net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/flexgo/flexgo/internal/testenv"
)

// TestGracefulDrain runs a real service binary, sends SIGTERM while requests are in flight, and
// counts: every request accepted before the signal gets its full answer, background work started
// before it finishes, new connections are refused, and the process exits cleanly within the drain
// timeout.
func TestGracefulDrain(t *testing.T) {
	testenv.SkipIfShort(t, "the drain test runs a real binary")
	bin := filepath.Join(t.TempDir(), "slowsvc")
	build := exec.Command("go", "build", "-o", bin, "./testdata/slowsvc")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	port := freePort(t)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	const inflight = 20
	const delay = 700 * time.Millisecond
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "FLEX_HOST=127.0.0.1", fmt.Sprintf("FLEX_PORT=%d", port),
		"FLEX_TEST_DELAY="+delay.String(), "FLEX_DRAIN_TIMEOUT=10s", "FLEX_LOG_LEVEL=error")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	waitHealthy(t, addr)

	// Background work started before the signal.
	if status := call(addr, "later", "bg-1"); status != 202 {
		t.Fatalf("later: %d", status)
	}
	// Requests in flight when the signal arrives.
	var wg sync.WaitGroup
	statuses := make([]int, inflight)
	for i := 0; i < inflight; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			statuses[i] = call(addr, "slow", fmt.Sprintf("r-%d", i))
		}(i)
	}
	started := 0
	timeout := time.After(10 * time.Second)
	for started < inflight {
		select {
		case l := <-lines:
			if strings.HasPrefix(l, "started") {
				started++
			}
		case <-timeout:
			t.Fatalf("only %d of %d requests started", started, inflight)
		}
	}
	signalled := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}

	// New connections are refused once the listener is closed.
	refused := false
	for deadline := time.Now().Add(delay / 2); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		conn, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err != nil {
			refused = true
			break
		}
		conn.Close()
	}
	wg.Wait()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var rest []string
	for l := range lines {
		rest = append(rest, l)
	}
	var exitErr error
	select {
	case exitErr = <-exited:
	case <-time.After(10 * time.Second):
		t.Fatal("the process did not exit within the drain timeout")
	}
	took := time.Since(signalled)

	ok := 0
	for _, s := range statuses {
		if s == 200 {
			ok++
		}
	}
	out := strings.Join(rest, "\n")
	report := fmt.Sprintf("drain: %d/%d in-flight requests answered 200 after SIGTERM; new connections refused: %v; background work finished: %v; exit after %s: %v",
		ok, inflight, refused, strings.Contains(out, "background done"), took.Round(time.Millisecond), exitErr)
	t.Log(report)
	fmt.Println(report)
	if ok != inflight || !refused || exitErr != nil || !strings.Contains(out, "exited cleanly") || !strings.Contains(out, "background done") {
		t.Fatalf("drain failed; output:\n%s", out)
	}
}

func call(addr, fn, id string) int {
	req, _ := nethttp.NewRequest("POST", "http://"+addr+"/_flexFunctions/"+fn, strings.NewReader("{}"))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Kinvey-Request-Id", id)
	client := &nethttp.Client{Timeout: 20 * time.Second, Transport: &nethttp.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func waitHealthy(t *testing.T, addr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		resp, err := nethttp.Get("http://" + addr + "/healthcheck")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s never became healthy", addr)
}
