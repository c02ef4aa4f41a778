package express

import (
	"strings"
)

// Kind names the routes of the Node SDK's receiver.
type Kind int

// The routes.
const (
	None       Kind = iota
	Health          // GET /healthcheck
	DataCount       // GET /:serviceObject/_count
	DataGet         // GET /:serviceObject/:id?
	DataInsert      // POST /:serviceObject
	DataUpdate      // PUT /:serviceObject/:id
	DataDelete      // DELETE /:serviceObject/:id?
	Function        // POST /_flexFunctions/:name
	Auth            // POST /_auth/:name
	Discover        // POST /_command/discover
)

// Route is a matched route and its decoded parameters.
type Route struct {
	Kind  Kind
	Name  string // the service object, function or auth handler
	ID    string
	HasID bool
}

// routeDef is one route of the reference's Express router, in its order.
type routeDef struct {
	kind    Kind
	method  string
	pattern []string // literal segments, or ":name", ":id", ":id?" parameters
}

// The reference receiver's routes (httpReceiver.js, startServer), in the order Express tries them.
var routeTable = []routeDef{
	{Health, "GET", []string{"healthcheck"}},
	{DataCount, "GET", []string{":name", "_count"}},
	{DataGet, "GET", []string{":name", ":id?"}},
	{DataInsert, "POST", []string{":name"}},
	{DataUpdate, "PUT", []string{":name", ":id"}},
	{DataDelete, "DELETE", []string{":name", ":id?"}},
	{Function, "POST", []string{"_flexFunctions", ":name"}},
	{Auth, "POST", []string{"_auth", ":name"}},
	{Discover, "POST", []string{"_command", "discover"}},
}

// Match is what routing a request gives: a route, or the answer Express would give instead.
type Match struct {
	Route   Route
	Found   bool
	BadPath string // a parameter that did not decode: Express answers 400
	Allow   string // for OPTIONS: the methods of every matching route
}

// Find routes a request as Express 4.16's router does with the reference's routes:
// case-insensitive literals, an optional trailing slash, non-empty parameters that are
// percent-decoded (a bad escape makes the whole request a 400, whatever the method), HEAD served
// by GET routes, and OPTIONS answered with the methods of every route the path matches.
func Find(method, path string) Match {
	var buf [maxSegments + 1]string
	segs, ok := splitPath(path, &buf)
	if !ok {
		return Match{}
	}
	if method == "HEAD" {
		method = "GET"
	}
	var allow []string
	for _, def := range routeTable {
		raw, matched := def.match(segs)
		if !matched {
			continue
		}
		r := Route{Kind: def.kind}
		for i, p := range def.pattern {
			if p[0] != ':' || i >= len(raw) {
				continue
			}
			decoded, ok := decodeParam(raw[i])
			if !ok {
				return Match{BadPath: raw[i]}
			}
			if p == ":name" {
				r.Name = decoded
			} else {
				r.ID, r.HasID = decoded, true
			}
		}
		if def.method != method {
			if method == "OPTIONS" {
				allow = appendMethods(allow, def.method)
			}
			continue
		}
		// checkIfFlexFunction: POST /_flexFunctions/ and /_command/ are not inserts.
		if def.kind == DataInsert && (r.Name == "_flexFunctions" || r.Name == "_command") {
			continue
		}
		return Match{Route: r, Found: true}
	}
	return Match{Allow: strings.Join(allow, ",")}
}

func appendMethods(allow []string, method string) []string {
	add := []string{method}
	if method == "GET" {
		add = append(add, "HEAD")
	}
	for _, m := range add {
		seen := false
		for _, a := range allow {
			seen = seen || a == m
		}
		if !seen {
			allow = append(allow, m)
		}
	}
	return allow
}

// maxSegments is the most segments a route has.
const maxSegments = 2

// splitPath splits "/a/b/" into ["a", "b"] in buf; false when the path does not start with "/".
// A path of more segments than any route has comes back as maxSegments+1 of them: it matches
// nothing, whatever they are.
func splitPath(path string, buf *[maxSegments + 1]string) ([]string, bool) {
	if path == "" || path[0] != '/' {
		return nil, false
	}
	p := strings.TrimSuffix(path[1:], "/")
	if p == "" {
		return nil, true
	}
	segs := buf[:0]
	for len(segs) < len(buf) {
		i := strings.IndexByte(p, '/')
		if i < 0 {
			return append(segs, p), true
		}
		segs = append(segs, p[:i])
		p = p[i+1:]
	}
	return segs, true
}

// match reports whether segs fit the pattern, returning the raw segments.
func (d routeDef) match(segs []string) ([]string, bool) {
	n := len(d.pattern)
	if strings.HasSuffix(d.pattern[n-1], "?") && len(segs) == n-1 {
		n--
	}
	if len(segs) != n {
		return nil, false
	}
	for i := 0; i < n; i++ {
		p, s := d.pattern[i], segs[i]
		if s == "" {
			return nil, false
		}
		if p[0] != ':' && !strings.EqualFold(p, s) {
			return nil, false
		}
	}
	return segs, true
}

// decodeParam is Express's decode_param: decodeURIComponent, where a failure is a 400.
func decodeParam(s string) (string, bool) {
	if !strings.Contains(s, "%") {
		return s, true
	}
	return DecodeURIComponent(s)
}
