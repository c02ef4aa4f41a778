package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
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

// run serves the bookstore on FLEX_HOST:FLEX_PORT, answers Kinvey's queries, and stops cleanly
// when its context ends.
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
}

func TestRunRefusesABadConfiguration(t *testing.T) {
	unsetFlexEnv(t)
	t.Setenv("FLEX_PORT", "99999")
	if err := run(context.Background()); err == nil || !strings.Contains(err.Error(), "FLEX_PORT") {
		t.Errorf("run: %v", err)
	}
}
