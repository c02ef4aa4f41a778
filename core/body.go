package core

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/json"
	"io"
	"mime"
	"strings"
	"unicode/utf16"
)

// requestBody is the request body as the reference's receiver sees it after body-parser's json():
// a JSON object or array when the request was JSON, otherwise `{}`.
type requestBody struct {
	raw json.RawMessage // the parsed value; `{}` when there was no JSON body
}

// readBody mirrors body-parser 1.18.3's json() with the reference's limit: only
// application/json bodies are read; utf-8 only; gzip and deflate are inflated; the first
// non-blank character must open an object or array (strict mode); an empty body is `{}`.
// Unlike the reference, every failure is a Kinvey error, never an HTML page.
func readBody(r *Request, limit int64) (requestBody, *Error) {
	empty := requestBody{raw: emptyObject}
	// type-is's hasBody: a declared length (even 0) or a chunked body.
	if r.ContentLength == 0 && r.Header.Get("Content-Length") == "" {
		return empty, nil
	}
	mediaType, params, ok := parseContentType(r.Header.Get("Content-Type"))
	if !ok || mediaType != "application/json" {
		drain(r.Body, limit)
		return empty, nil
	}
	charset := strings.ToLower(params["charset"])
	if charset == "" {
		charset = "utf-8"
	}
	if !strings.HasPrefix(charset, "utf-") {
		return empty, &Error{Kind: KindUnsupportedMedia, Debug: `unsupported charset "` + strings.ToUpper(charset) + `"`}
	}
	if !supportedCharset(charset) {
		return empty, &Error{Kind: KindUnsupportedMedia, Debug: `unsupported charset "` + strings.ToUpper(charset) + `"`}
	}
	if r.ContentLength > limit {
		return empty, &Error{Kind: KindEntityTooLarge, Debug: "request entity too large"}
	}
	if r.Body == nil {
		return empty, nil
	}
	src, kerr := contentDecoder(r.Body, r.Header.Get("Content-Encoding"))
	if kerr != nil {
		return empty, kerr
	}
	data, err := readAll(src, r.ContentLength, limit)
	if err != nil {
		return empty, &Error{Kind: KindBadRequest, Debug: "the request body could not be read"}
	}
	if int64(len(data)) > limit {
		return empty, &Error{Kind: KindEntityTooLarge, Debug: "request entity too large"}
	}
	if charset != "utf-8" {
		data = decodeUTF16(data, charset)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // iconv-lite strips a byte order mark
	if len(data) == 0 {
		return empty, nil
	}
	trimmed := bytes.TrimLeft(data, " \t\n\r")
	if len(trimmed) == 0 || (trimmed[0] != '{' && trimmed[0] != '[') {
		return empty, &Error{Kind: KindBadRequest, Debug: "Request body must be a JSON object or array"}
	}
	if !json.Valid(trimmed) {
		return empty, &Error{Kind: KindBadRequest, Debug: "Request body contains invalid JSON"}
	}
	return requestBody{raw: bytes.TrimRight(trimmed, " \t\n\r")}, nil
}

// readAll reads at most limit+1 bytes of src. A declared length sizes the buffer at once, so a
// body is read without the copies io.ReadAll's growing buffer makes (a compressed body may be
// longer than declared: the buffer then grows as usual).
func readAll(src io.Reader, declared, limit int64) ([]byte, error) {
	if declared <= 0 || declared > limit {
		return io.ReadAll(io.LimitReader(src, limit+1))
	}
	buf := make([]byte, 0, declared+1) // +1: reading to EOF needs room for the read that finds it
	for {
		n, err := src.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
		if int64(len(buf)) > limit {
			return buf, nil
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

// contentDecoder inflates gzip and deflate bodies as body-parser does.
func contentDecoder(body io.Reader, encoding string) (io.Reader, *Error) {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "", "identity":
		return body, nil
	case "gzip":
		zr, err := gzip.NewReader(body)
		if err != nil {
			return nil, &Error{Kind: KindBadRequest, Debug: "the gzip request body is corrupt"}
		}
		return zr, nil
	case "deflate":
		zr, err := zlib.NewReader(body)
		if err != nil {
			return nil, &Error{Kind: KindBadRequest, Debug: "the deflate request body is corrupt"}
		}
		return zr, nil
	}
	return nil, &Error{Kind: KindUnsupportedMedia, Debug: `unsupported content encoding "` + encoding + `"`}
}

// parseContentType is media-typer's parse as type-is uses it: the lower-cased type/subtype and
// the parameters, or false when the header is absent or malformed.
func parseContentType(v string) (string, map[string]string, bool) {
	switch v {
	case "":
		return "", nil, false
	case "application/json": // what Kinvey sends: no parameters to parse
		return v, nil, true
	}
	mediaType, params, err := mime.ParseMediaType(v)
	if err != nil { // media-typer throws on a malformed header, and type-is then matches nothing
		return "", nil, false
	}
	return mediaType, params, true
}

// drain discards an unread body so the connection can be reused.
func drain(body io.Reader, limit int64) {
	if body != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(body, limit))
	}
}

// supportedCharset reports whether body-parser's iconv-lite decodes a utf- charset that flexgo
// decodes too: UTF-8 and UTF-16 (little-endian unless a byte order mark or the name says otherwise).
func supportedCharset(charset string) bool {
	switch charset {
	case "utf-8", "utf-16", "utf-16le", "utf-16be":
		return true
	}
	return false
}

// decodeUTF16 turns a UTF-16 body into UTF-8, as iconv-lite does before JSON.parse.
func decodeUTF16(data []byte, charset string) []byte {
	bigEndian := charset == "utf-16be"
	if charset == "utf-16" && len(data) >= 2 {
		switch {
		case data[0] == 0xfe && data[1] == 0xff:
			bigEndian, data = true, data[2:]
		case data[0] == 0xff && data[1] == 0xfe:
			data = data[2:]
		}
	}
	units := make([]uint16, len(data)/2)
	for i := range units {
		if bigEndian {
			units[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			units[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	return []byte(string(utf16.Decode(units)))
}
