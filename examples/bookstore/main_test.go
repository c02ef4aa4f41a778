package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/flexgo/flexgo/adapters/env"
	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/internal/testenv"
)

// unsetFlexEnv clears every FLEX_* variable for the test (restored after it).
func unsetFlexEnv(t *testing.T) {
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "FLEX_") {
			t.Setenv(name, "")
			os.Unsetenv(name)
		}
	}
}

// With no FLEX_* variable set, the example listens where README says: localhost:10001.
func TestDefaultAddress(t *testing.T) {
	unsetFlexEnv(t)
	cfg, err := env.Load(core.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Addr(); got != "localhost:10001" {
		t.Errorf("address %s, want localhost:10001", got)
	}
}

// buildBookstore builds this command, as `go run ./examples/bookstore` would.
func buildBookstore(t *testing.T) string {
	t.Helper()
	testenv.SkipIfShort(t, "builds the command")
	bin := filepath.Join(t.TempDir(), "bookstore")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// flexEnv is the environment without any FLEX_* variable, plus env.
func flexEnv(env ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "FLEX_") {
			out = append(out, kv)
		}
	}
	return append(out, env...)
}

// The command serves the bookstore on FLEX_HOST:FLEX_PORT and drains and exits 0 on SIGTERM.
func TestMainServesAndStops(t *testing.T) {
	bin := buildBookstore(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(bin)
	cmd.Env = flexEnv("FLEX_HOST=127.0.0.1", fmt.Sprint("FLEX_PORT=", port), "FLEX_LOG_LEVEL=error")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	url := fmt.Sprintf("http://127.0.0.1:%d/books/1", port)
	client := &http.Client{Timeout: 2 * time.Second}
	var body []byte
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, err := client.Get(url)
		if err == nil {
			body, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not answer: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if want := `{"_id":"1","title":"Dune","author":"Frank Herbert","year":1965}`; string(body) != want {
		t.Errorf("body %s, want %s", body, want)
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Errorf("after SIGTERM: %v", err)
	}
}

// A bad configuration names every bad variable, in the variables' words, and exits 2 before
// listening.
func TestMainRefusesABadConfiguration(t *testing.T) {
	bin := buildBookstore(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin)
	cmd.Env = flexEnv("FLEX_HOST=127.0.0.1", "FLEX_PORT=abc", "FLEX_TIMEOUT=5", "FLEX_LOG_LEVEL=verbose")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("exit: %v, want status 2\n%s", err, stderr.String())
	}
	for _, want := range []string{`FLEX_PORT: "abc" is not a port number`, `FLEX_TIMEOUT: "5" is not a duration`,
		`FLEX_LOG_LEVEL must be debug, info, warn or error, not "verbose"`} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr does not say %q:\n%s", want, stderr.String())
		}
	}
	if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
		c.Close()
		t.Error("something listens although the configuration was refused")
	}
}
