package http

import (
	"bytes"
	"net"
	nethttp "net/http"
	"strconv"

	"github.com/flexgo/flexgo/core"
)

// net/http answers a request it cannot parse (a malformed percent escape in the path, headers
// over MaxHeaderBytes, a bad header line) itself, with a text/plain body, before any handler runs,
// and offers no hook to change that (golang/go#49227 and its kin). Flex callers must only ever get
// Kinvey's JSON errors, so the listener Run uses rewrites exactly those canned answers on their
// way out: the server writes them in one Write straight to the connection, each as
// "HTTP/1.1 <status>\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n<status>",
// a shape none of flexgo's own answers has (they are all JSON).

// jsonErrorListener wraps the connections it accepts with jsonErrorConn.
type jsonErrorListener struct{ net.Listener }

// Accept implements net.Listener.
func (l jsonErrorListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return jsonErrorConn{c}, nil
}

type jsonErrorConn struct{ net.Conn }

var (
	cannedHead = []byte("HTTP/1.1 ")
	cannedMid  = []byte("\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n")
)

// Write implements net.Conn, rewriting net/http's own plain-text error answers as JSON.
func (c jsonErrorConn) Write(p []byte) (int, error) {
	if !bytes.HasPrefix(p, cannedHead) {
		return c.Conn.Write(p)
	}
	i := bytes.Index(p, cannedMid)
	if i < 0 {
		return c.Conn.Write(p)
	}
	status := string(p[len(cannedHead):i]) // "400 Bad Request"
	code, _ := strconv.Atoi(status[:min(3, len(status))])
	if code < 400 || code > 599 {
		return c.Conn.Write(p)
	}
	body := cannedErrorBody(code, status)
	out := append([]byte("HTTP/1.1 "+status+"\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: "+
		strconv.Itoa(len(body))+"\r\nConnection: close\r\n\r\n"), body...)
	if _, err := c.Conn.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// cannedErrorBody is the Kinvey error for an answer net/http gave on its own.
func cannedErrorBody(code int, status string) []byte {
	kind := core.KindBadRequest
	if code == nethttp.StatusRequestHeaderFieldsTooLarge {
		kind = core.KindHeadersTooLarge
	}
	body, _ := core.NewError(kind, status+": the HTTP server could not read the request").MarshalJSON()
	return body
}
