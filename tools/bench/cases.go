package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// benchSecret is the shared secret every server under test is started with.
const benchSecret = "bench-s3cret"

// benchCase is one request the harness sends, over and over, to every server.
type benchCase struct {
	ID     string // short name for tables and flags
	Title  string // what the request is
	Method string
	Path   string
	Body   string
	Key    bool // send the shared secret as X-Auth-Key
	Status int  // the status every answer must have
	// Check tells a right answer's JSON body from a wrong one (the same check for every server).
	Check func(map[string]any) bool
}

// benchCases are the four requests of issue 6: a get by id, an insert, a function call and a
// request without the shared secret.
var benchCases = []benchCase{
	{
		ID: "get", Title: "GET /books/42", Method: "GET", Path: "/books/42", Key: true, Status: 200,
		Check: func(m map[string]any) bool { return m["_id"] == "42" && m["title"] == "Book 42" },
	},
	{
		ID: "insert", Title: "POST /books", Method: "POST", Path: "/books", Key: true, Status: 201,
		Body:  `{"title":"Dune","author":"Herbert","year":1965}`,
		Check: func(m map[string]any) bool { return m["_id"] == "new" && m["title"] == "Dune" },
	},
	{
		ID: "function", Title: "POST /_flexFunctions/echo", Method: "POST", Path: "/_flexFunctions/echo", Key: true, Status: 200,
		Body: `{"body":{"title":"Dune"},"hookType":"customEndpoint"}`,
		Check: func(m map[string]any) bool {
			resp, _ := m["response"].(map[string]any)
			return resp != nil && resp["statusCode"] == float64(200)
		},
	},
	{
		ID: "401", Title: "GET /books/42 without X-Auth-Key", Method: "GET", Path: "/books/42", Status: 401,
		Check: func(m map[string]any) bool { return m["error"] == "InvalidCredentials" },
	},
}

// rawRequest is the request as bytes on the wire, for the Go load generator.
func (c benchCase) rawRequest(addr string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\n", c.Method, c.Path, addr)
	if c.Key {
		fmt.Fprintf(&b, "X-Auth-Key: %s\r\n", benchSecret)
	}
	if c.Body != "" {
		fmt.Fprintf(&b, "Content-Type: application/json\r\nContent-Length: %d\r\n", len(c.Body))
	}
	b.WriteString("\r\n")
	b.WriteString(c.Body)
	return []byte(b.String())
}

// verify sends the request once with net/http and checks the status and the body, so a server
// that answers fast but wrong is caught before it is measured.
func (c benchCase) verify(addr string) error {
	req, err := http.NewRequest(c.Method, "http://"+addr+c.Path, strings.NewReader(c.Body))
	if err != nil {
		return err
	}
	if c.Body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.Key {
		req.Header.Set("X-Auth-Key", benchSecret)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var m map[string]any
	if resp.StatusCode != c.Status || json.Unmarshal(raw, &m) != nil || !c.Check(m) {
		return fmt.Errorf("%s: want %d and a right body, got %d %.300s", c.Title, c.Status, resp.StatusCode, raw)
	}
	return nil
}
