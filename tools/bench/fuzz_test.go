package main

import (
	"bufio"
	"bytes"
	"testing"
)

// FuzzReadResponse feeds arbitrary bytes to the load generator's HTTP response reader: it must
// return (an answer or an error), never panic or loop.
func FuzzReadResponse(f *testing.F) {
	for _, seed := range []string{
		"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
		"HTTP/1.0 401 Unauthorized\r\nConnection: close\r\n\r\nbody",
		"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n",
		"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		br := bufio.NewReader(bytes.NewReader(in))
		for range 4 { // a few answers on one connection
			status, _, err := readResponse(br)
			if err != nil {
				return
			}
			if status < 0 || status > 999 {
				t.Fatalf("status %d", status)
			}
		}
	})
}

// FuzzParsers feeds arbitrary text to the parsers of wrk's, go test's and /proc's output: they
// must never panic, and what they accept must be sane.
func FuzzParsers(f *testing.F) {
	for _, seed := range [][]byte{wrkOutput, goBenchOutput, statLine, statusText, []byte("BenchmarkX-2 1 2 ns/op 3"), []byte(")")} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if s, err := parseWrk(in); err == nil && (s.Requests <= 0 || s.DurationMicro <= 0) {
			t.Fatalf("parseWrk accepted %+v", s)
		}
		for _, b := range func() []goBench { b, _ := parseGoBench(in); return b }() {
			if b.NsOp < 0 || b.Name == "" {
				t.Fatalf("parseGoBench accepted %+v", b)
			}
		}
		_, _ = parseStatCPU(in)
		if rss, hwm, err := parseMemStatus(in); err == nil && (rss < 0 || hwm < 0) {
			t.Fatalf("parseMemStatus: rss %d hwm %d", rss, hwm)
		}
	})
}
