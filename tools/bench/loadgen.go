package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"time"
)

// loadResult is what one bounded load run measured.
type loadResult struct {
	Requests  int64         // answers received within the run
	BadStatus int64         // answers with a status other than the case's
	Errors    int64         // connection, read and write errors
	Elapsed   time.Duration // from the first request sent to the end of the run
	P50, P99  time.Duration
}

// RPS is the requests answered per second.
func (r loadResult) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// loader drives one server with one request at a fixed concurrency for a fixed time.
type loader interface {
	Name() string
	Run(ctx context.Context, addr string, c benchCase, conns int, d time.Duration) (loadResult, error)
}

// goLoader is the harness's own load generator: a closed loop over conns keep-alive connections,
// each sending the next request as soon as the last answer is read. It writes prepared bytes and
// reads answers with a minimal HTTP/1.1 parser, so it costs the machine little more than wrk.
type goLoader struct{}

func (goLoader) Name() string { return "the harness's Go load generator (closed loop, keep-alive)" }

func (goLoader) Run(ctx context.Context, addr string, c benchCase, conns int, d time.Duration) (loadResult, error) {
	req := c.rawRequest(addr)
	start := time.Now()
	end := start.Add(d)
	ctx, cancel := context.WithDeadline(ctx, end.Add(10*time.Second)) // a hard bound on the run
	defer cancel()

	type connResult struct {
		hist          histogram
		ok, bad, errs int64
	}
	results := make([]connResult, conns)
	var wg sync.WaitGroup
	for i := range conns {
		wg.Add(1)
		go func(r *connResult) {
			defer wg.Done()
			var conn net.Conn
			var br *bufio.Reader
			defer func() {
				if conn != nil {
					conn.Close()
				}
			}()
			stop := context.AfterFunc(ctx, func() {
				if conn != nil {
					_ = conn.SetDeadline(time.Now())
				}
			})
			defer stop()
			for time.Now().Before(end) && ctx.Err() == nil {
				if conn == nil {
					var err error
					dialer := net.Dialer{Timeout: 5 * time.Second}
					if conn, err = dialer.DialContext(ctx, "tcp", addr); err != nil {
						conn = nil
						r.errs++
						time.Sleep(10 * time.Millisecond)
						continue
					}
					_ = conn.SetDeadline(end.Add(10 * time.Second))
					br = bufio.NewReaderSize(conn, 16<<10)
				}
				sent := time.Now()
				status, keep, err := roundTrip(conn, br, req)
				if err != nil {
					r.errs++
					conn.Close()
					conn = nil
					continue
				}
				r.hist.record(time.Since(sent))
				if status == c.Status {
					r.ok++
				} else {
					r.bad++
				}
				if !keep {
					conn.Close()
					conn = nil
				}
			}
		}(&results[i])
	}
	wg.Wait()
	elapsed := time.Since(start)

	var all histogram
	var out loadResult
	for i := range results {
		all.merge(&results[i].hist)
		out.Requests += results[i].ok + results[i].bad
		out.BadStatus += results[i].bad
		out.Errors += results[i].errs
	}
	out.Elapsed, out.P50, out.P99 = elapsed, all.percentile(50), all.percentile(99)
	if out.Requests == 0 {
		return out, fmt.Errorf("no answers from %s (%d errors)", addr, out.Errors)
	}
	return out, nil
}

// roundTrip writes one request and reads its answer: the status, and whether the connection may
// be reused.
func roundTrip(w io.Writer, br *bufio.Reader, req []byte) (status int, keepAlive bool, err error) {
	if _, err := w.Write(req); err != nil {
		return 0, false, err
	}
	return readResponse(br)
}

var errMalformed = errors.New("malformed HTTP response")

// readResponse reads one HTTP/1.1 answer from br and discards its body (Content-Length or
// chunked). It returns the status and whether the server keeps the connection open.
func readResponse(br *bufio.Reader) (status int, keepAlive bool, err error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		return 0, false, err
	}
	// "HTTP/1.1 200 OK\r\n"
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) || line[8] != ' ' {
		return 0, false, errMalformed
	}
	status, err = strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, false, errMalformed
	}
	keepAlive = line[7] == '1'
	length, chunked := int64(-1), false
	for {
		line, err = br.ReadSlice('\n')
		if err != nil {
			return 0, false, err
		}
		if len(line) <= 2 { // the blank line ending the headers
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return 0, false, errMalformed
		}
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, err = strconv.ParseInt(string(value), 10, 64); err != nil || length < 0 {
				return 0, false, errMalformed
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		case bytes.EqualFold(name, []byte("Connection")):
			if bytes.EqualFold(value, []byte("close")) {
				keepAlive = false
			} else if bytes.EqualFold(value, []byte("keep-alive")) {
				keepAlive = true
			}
		}
	}
	switch {
	case chunked:
		err = discardChunked(br)
	case length >= 0:
		_, err = br.Discard(int(length))
	case status == 204 || status == 304 || status/100 == 1:
	default: // the body runs to the end of the connection
		_, err = io.Copy(io.Discard, br)
		keepAlive = false
	}
	return status, keepAlive, err
}

func discardChunked(br *bufio.Reader) error {
	for range 1 << 20 { // bounded: a body of a million chunks is not an answer the harness expects
		line, err := br.ReadSlice('\n')
		if err != nil {
			return err
		}
		sizeText, _, _ := bytes.Cut(bytes.TrimSpace(line), []byte(";"))
		size, err := strconv.ParseInt(string(sizeText), 16, 64)
		if err != nil || size < 0 {
			return errMalformed
		}
		if size == 0 { // trailers, then a blank line
			for {
				line, err := br.ReadSlice('\n')
				if err != nil {
					return err
				}
				if len(line) <= 2 {
					return nil
				}
			}
		}
		if _, err := br.Discard(int(size) + 2); err != nil {
			return err
		}
	}
	return errMalformed
}
