package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
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

// The command serves the bookstore on FLEX_HOST:FLEX_PORT, answers Kinvey's queries, and drains
// and exits 0 on SIGTERM.
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

	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, err := client.Get(base + "/healthcheck")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not answer: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}

	// Kinvey's query parameters, as curl -G --data-urlencode sends them.
	tests := []struct {
		path   string
		params url.Values
		status int
		body   string
	}{
		{"/books/1", nil, 200, `{"_id":"1","title":"Dune","author":"Frank Herbert","year":1965}`},
		{"/books", url.Values{"query": {`{"year":{"$gte":1900}}`}, "fields": {"title,year"}}, 200,
			`[{"_id":"1","title":"Dune","year":1965},{"_id":"3","title":"Neuromancer","year":1984}]`},
		{"/books", url.Values{"query": {`{"author":{"$in":["Jane Austen"]}}`}, "sort": {`{"year":-1}`}, "limit": {"1"}}, 200,
			`[{"_id":"4","title":"Persuasion","author":"Jane Austen","year":1817}]`},
		{"/books", url.Values{"sort": {`{"author":1,"year":-1}`}, "skip": {"1"}, "limit": {"2"}, "fields": {"year"}}, 200,
			`[{"_id":"4","year":1817},{"_id":"2","year":1815}]`},
		{"/books/_count", url.Values{"query": {`{"title":{"$regex":"^[D-F]"}}`}}, 200, `{"count":2}`},
		{"/books", url.Values{"query": {`{"year":{"$gte":`}}, 400,
			`{"error":"BadRequest","description":"Unable to understand request","debug":"bookstore: bad query: query must be a JSON object"}`},
		{"/books", url.Values{"query": {`{"year":{"$after":1900}}`}}, 400,
			`{"error":"BadRequest","description":"Unable to understand request","debug":"bookstore: bad query: Error: Unknown operation $after"}`},
	}
	for _, tt := range tests {
		u := base + tt.path
		if tt.params != nil {
			u += "?" + tt.params.Encode()
		}
		resp, err := client.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || string(body) != tt.body {
			t.Errorf("GET %s: %d %s, want %d %s", u, resp.StatusCode, body, tt.status, tt.body)
		}
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
