// Package lambdatest is a fake AWS Lambda Runtime API on 127.0.0.1, for running a real Lambda
// bootstrap binary in tests and benchmarks: it hands out invocations on
// GET /2018-06-01/runtime/invocation/next with the Lambda-Runtime-* headers and a deadline, and
// collects what the function posts to .../response and .../error.
package lambdatest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Result is what the function answered to an invocation.
type Result struct {
	Payload []byte // the body posted to .../response
	Error   []byte // the body posted to .../error, nil on success
}

type invocation struct {
	id       string
	payload  []byte
	deadline time.Time
	result   chan Result
}

// Runtime is a fake Lambda Runtime API. Its zero value is not usable; call [NewRuntime].
type Runtime struct {
	ln      net.Listener
	srv     *http.Server
	queue   chan *invocation
	closed  chan struct{}
	once    sync.Once
	nextID  atomic.Int64
	mu      sync.Mutex
	pending map[string]*invocation
	first   chan time.Time // receives the time of the first GET .../next
	gotNext atomic.Bool
	onFirst []func() // run at the first GET .../next, when INIT ends; guarded by mu

	extEvents     chan []byte
	extNexts      []time.Time // guarded by mu
	extRegistered bool        // guarded by mu
}

// NewRuntime starts a fake Runtime API on a free port of 127.0.0.1.
func NewRuntime() (*Runtime, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &Runtime{
		ln:      ln,
		queue:   make(chan *invocation),
		closed:  make(chan struct{}),
		pending: map[string]*invocation{},
		first:   make(chan time.Time, 1),

		extEvents: make(chan []byte),
	}
	r.srv = &http.Server{Handler: http.HandlerFunc(r.serve), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = r.srv.Serve(ln) }()
	return r, nil
}

// Addr is the host:port to give the function as AWS_LAMBDA_RUNTIME_API.
func (r *Runtime) Addr() string { return r.ln.Addr().String() }

// FirstNext receives the time the function first asked for an invocation: when it was ready.
func (r *Runtime) FirstNext() <-chan time.Time { return r.first }

// Invoke hands payload to the function with the given time left before the deadline, and waits
// for its answer or ctx.
func (r *Runtime) Invoke(ctx context.Context, payload []byte, timeout time.Duration) (Result, error) {
	inv := &invocation{
		id:       "req-" + strconv.FormatInt(r.nextID.Add(1), 10),
		payload:  payload,
		deadline: time.Now().Add(timeout),
		result:   make(chan Result, 1),
	}
	r.mu.Lock()
	r.pending[inv.id] = inv
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		delete(r.pending, inv.id)
		r.mu.Unlock()
	}()
	select {
	case r.queue <- inv:
	case <-ctx.Done():
		return Result{}, ctx.Err()
	case <-r.closed:
		return Result{}, errors.New("lambdatest: runtime closed")
	}
	select {
	case res := <-inv.result:
		return res, nil
	case <-ctx.Done():
		return Result{}, ctx.Err()
	case <-r.closed:
		return Result{}, errors.New("lambdatest: runtime closed")
	}
}

// Close stops the server; long polls in flight end.
func (r *Runtime) Close() error {
	r.once.Do(func() { close(r.closed) })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return r.srv.Shutdown(ctx)
}

const prefix = "/2018-06-01/runtime/"

func (r *Runtime) serve(w http.ResponseWriter, req *http.Request) {
	if strings.HasPrefix(req.URL.Path, extensionPrefix) {
		r.serveExtension(w, req, strings.TrimPrefix(req.URL.Path, extensionPrefix))
		return
	}
	path := strings.TrimPrefix(req.URL.Path, prefix)
	switch {
	case req.Method == http.MethodGet && path == "invocation/next":
		r.next(w, req)
	case req.Method == http.MethodPost && strings.HasPrefix(path, "invocation/"):
		parts := strings.Split(path, "/") // invocation/{id}/response|error
		if len(parts) != 3 {
			http.Error(w, "bad path", http.StatusNotFound)
			return
		}
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		inv := r.pending[parts[1]]
		r.mu.Unlock()
		if inv == nil {
			http.Error(w, "unknown invocation", http.StatusBadRequest)
			return
		}
		res := Result{Payload: body}
		if parts[2] == "error" {
			res = Result{Error: body}
		}
		inv.result <- res
		w.WriteHeader(http.StatusAccepted)
	case req.Method == http.MethodPost && path == "init/error":
		w.WriteHeader(http.StatusAccepted)
	default:
		http.Error(w, "not found", http.StatusNotFound)
	}
}

// onFirstNext runs fn when the function first asks for an event (its INIT is over), or at once
// if it has already.
func (r *Runtime) onFirstNext(fn func()) {
	r.mu.Lock()
	if !r.gotNext.Load() {
		r.onFirst = append(r.onFirst, fn)
		r.mu.Unlock()
		return
	}
	r.mu.Unlock()
	fn()
}

func (r *Runtime) next(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	first := r.gotNext.CompareAndSwap(false, true)
	hooks := r.onFirst
	r.onFirst = nil
	r.mu.Unlock()
	if first {
		for _, fn := range hooks {
			fn()
		}
		r.first <- time.Now()
	}
	select {
	case inv := <-r.queue:
		h := w.Header()
		h.Set("Lambda-Runtime-Aws-Request-Id", inv.id)
		h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(inv.deadline.UnixMilli(), 10))
		h.Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:flexgo-test")
		h.Set("Lambda-Runtime-Trace-Id", fmt.Sprintf("Root=1-00000000-%024d", 0))
		h.Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(inv.payload)
	case <-r.closed:
		http.Error(w, "closed", http.StatusGone)
	case <-req.Context().Done():
	}
}
