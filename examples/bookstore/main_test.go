package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/flexgo/flexgo/adapters/env"
	"github.com/flexgo/flexgo/core"
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

// run serves the bookstore on FLEX_HOST:FLEX_PORT and stops cleanly when its context ends.
func TestRunServesAndStops(t *testing.T) {
	unsetFlexEnv(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	t.Setenv("FLEX_HOST", "127.0.0.1")
	t.Setenv("FLEX_PORT", fmt.Sprint(port))
	t.Setenv("FLEX_LOG_LEVEL", "error")

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx) }()
	defer func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("run did not stop")
		}
	}()

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
}

func TestRunRefusesABadConfiguration(t *testing.T) {
	unsetFlexEnv(t)
	t.Setenv("FLEX_PORT", "99999")
	if err := run(context.Background()); err == nil || !strings.Contains(err.Error(), "FLEX_PORT") {
		t.Errorf("run: %v", err)
	}
}
