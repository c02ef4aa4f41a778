// Command control is the benchmark's control: the least a Go server can do to answer the Flex
// paths the harness sends, on plain net/http with the same server timeouts as flexgo's adapter.
// It answers fixed JSON of the sizes the twin answers (the shared-secret check included), so
// the harness can tell what flexgo costs on top of net/http itself.
//
//	FLEX_HOST=127.0.0.1 FLEX_PORT=10002 FLEX_SHARED_SECRET=s go run ./bench/control
package main

import (
	"crypto/subtle"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"
)

// The answers: the bytes the twin gives for the harness's requests.
var (
	healthy      = []byte(`{"healthy":true}`)
	book         = []byte(`{"_id":"42","query":null,"title":"Book 42"}`)
	inserted     = []byte(`{"_id":"new","author":"Herbert","title":"Dune","year":1965}`)
	function     = []byte(`{"request":{"method":"POST","headers":{},"username":"","userId":"","objectName":"","tempObjectStore":{},"body":{"title":"Dune"}},"response":{"status":0,"headers":{},"body":{"context":{"method":"POST","headers":{},"username":"","userId":"","hookType":"customEndpoint","body":{"title":"Dune"}}},"statusCode":200,"continue":true}}`)
	unauthorized = []byte(`{"error":"InvalidCredentials","description":"Invalid credentials.  Please retry your request with correct credentials.","debug":"The Authorization Key was not valid or missing."}`)
	notFound     = []byte(`{"error":"NotFound","description":"The requested route does not exist in this Flex service","debug":""}`)
)

func main() {
	host, port := os.Getenv("FLEX_HOST"), os.Getenv("FLEX_PORT")
	if host == "" {
		host = "localhost"
	}
	if port == "" {
		port = "10001"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	srv := &http.Server{
		Handler:           newHandler([]byte(os.Getenv("FLEX_SHARED_SECRET"))),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	if err := srv.Serve(ln); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func newHandler(secret []byte) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthcheck", func(w http.ResponseWriter, _ *http.Request) { write(w, 200, healthy) })
	guarded := func(status int, body []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			key := r.Header.Get("X-Auth-Key")
			if len(secret) > 0 && subtle.ConstantTimeCompare([]byte(key), secret) != 1 {
				write(w, http.StatusUnauthorized, unauthorized)
				return
			}
			write(w, status, body)
		}
	}
	mux.HandleFunc("GET /books/{id}", guarded(http.StatusOK, book))
	mux.HandleFunc("POST /books", guarded(http.StatusCreated, inserted))
	mux.HandleFunc("POST /_flexFunctions/{name}", guarded(http.StatusOK, function))
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { write(w, http.StatusNotFound, notFound) })
	return mux
}

func write(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h["Content-Type"] = []string{"application/json; charset=utf-8"}
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
