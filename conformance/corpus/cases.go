package corpus

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"net/http"
	"unicode/utf16"
)

// Header names the receiver reads (httpReceiver.js:47-75).
const (
	hKey          = "X-Auth-Key"
	hMeta         = "X-Kinvey-App-Metadata"
	hOrig         = "X-Kinvey-Original-Request-Headers"
	hEnv          = "X-Kinvey-Environment-Id"
	hRequestID    = "X-Kinvey-Request-Id"
	hUsername     = "X-Kinvey-Username"
	hUserID       = "X-Kinvey-User-Id"
	hRespStatus   = "X-Kinvey-Response-Status"
	hRespHeaders  = "X-Kinvey-Response-Headers"
	hRespBody     = "X-Kinvey-Response-Body"
	hContentType  = "Content-Type"
	ctJSON        = "application/json"
	discoverPath  = "/_command/discover"
	functionsPath = "/_flexFunctions/"
	authPath      = "/_auth/"
)

// Cases returns the corpus, grouped by theme, for a service whose shared secret is secret (which
// should not be empty: many cases send a wrong key). Every call returns new slices and headers;
// no case holds more than a few kilobytes (the oversized one has a Size instead).
func Cases(secret string) []Case {
	s := set{secret: secret}
	var all []Case
	for _, theme := range [][]Case{
		s.discoveryCases(), // First cases: before anything registers an unknown service object
		s.healthCases(),
		s.routingCases(),
		s.secretCases(),
		s.dataCases(),
		s.outcomeCases(),
		s.queryCases(),
		s.bodyCases(),
		s.functionCases(),
		s.functionFieldCases(),
		s.headerCases(),
		s.moduleCases(),
		s.authCases(),
		s.errorCases(),
	} {
		all = append(all, theme...)
	}
	return all
}

// set builds the cases of a corpus for one shared secret.
type set struct{ secret string }

// header returns the header of the name/value pairs kv; a name may repeat.
func header(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

// key returns the header of kv with the right X-Auth-Key first.
func (s set) key(kv ...string) http.Header {
	return header(append([]string{hKey, s.secret}, kv...)...)
}

// req is a request with the right key: a JSON content type when body is not empty, then kv.
func (s set) req(name, method, path, body string, kv ...string) Case {
	h := s.key(kv...)
	if body != "" && h.Get(hContentType) == "" {
		h.Set(hContentType, ctJSON)
	}
	c := Case{Name: name, Method: method, Path: path, Header: h}
	if body != "" {
		c.Body = []byte(body)
	}
	return c
}

// get is a GET with the right key.
func (s set) get(name, path string, kv ...string) Case {
	return s.req(name, http.MethodGet, path, "", kv...)
}

// post is a POST of a JSON body with the right key.
func (s set) post(name, path, body string, kv ...string) Case {
	return s.req(name, http.MethodPost, path, body, kv...)
}

// del is a DELETE without a body, with the right key.
func (s set) del(name, path string, kv ...string) Case {
	return s.req(name, http.MethodDelete, path, "", kv...)
}

// fn is a POST of a JSON body to the FlexFunctions handler, with the right key.
func (s set) fn(name, handler, body string, kv ...string) Case {
	return s.post(name, functionsPath+handler, body, kv...)
}

// auth is a POST of a JSON body to the FlexAuth handler, with the right key.
func (s set) auth(name, handler, body string, kv ...string) Case {
	return s.post(name, authPath+handler, body, kv...)
}

// bare is a request without any header but kv.
func bare(name, method, path, body string, kv ...string) Case {
	c := Case{Name: name, Method: method, Path: path, Header: header(kv...)}
	if body != "" {
		c.Body = []byte(body)
	}
	return c
}

// want returns c expecting e.
func (c Case) want(e Expect) Case {
	c.Expect = e
	return c
}

// why returns c with its explanation.
func (c Case) why(s string) Case {
	c.Why = s
	return c
}

// withHeader returns c with the raw header name k (not canonicalized) set to v.
func (c Case) withHeader(k, v string) Case {
	h := c.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h[k] = append(h[k], v)
	c.Header = h
	return c
}

// withoutHeader returns c without the header k.
func (c Case) withoutHeader(k string) Case {
	h := c.Header.Clone()
	h.Del(k)
	c.Header = h
	return c
}

// withBody returns c with body b, exactly.
func (c Case) withBody(b []byte) Case {
	c.Body = b
	return c
}

// basic returns an Authorization header value of the Basic scheme for credentials.
func basic(credentials string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(credentials))
}

// gzipped returns s compressed with gzip.
func gzipped(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

// zlibbed returns s compressed with zlib (HTTP's "deflate").
func zlibbed(s string) []byte {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

// utf16LE returns s in UTF-16, little-endian, after a byte order mark.
func utf16LE(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}
