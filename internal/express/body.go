package express

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf16"
)

// BodyError is why a body was refused: what body-parser answers, as a kind of failure and a
// debug text.
type BodyError struct {
	Reason Reason
	Debug  string
}

// Reason is the kind of a BodyError.
type Reason int

// The reasons a body is refused, with the status body-parser answers.
const (
	Malformed   Reason = iota // 400
	TooLarge                  // 413
	Unsupported               // 415: a charset or content encoding body-parser does not decode
)

// emptyObject is the body of a request that has no JSON body.
var emptyObject = json.RawMessage("{}")

// ReadBody mirrors body-parser 1.18.3's json() with the reference's limit: only
// application/json bodies are read; utf-8 only; gzip and deflate are inflated; the first
// non-blank character must open an object or array (strict mode); an empty body is `{}`.
// contentLength is the declared length (-1 when unknown, 0 when there is no body and no
// Content-Length header says otherwise). It returns the JSON object or array the request
// carried, or `{}`.
func ReadBody(h http.Header, contentLength int64, body io.Reader, limit int64) (json.RawMessage, *BodyError) {
	empty := emptyObject
	// type-is's hasBody: a declared length (even 0) or a chunked body.
	if contentLength == 0 && h.Get("Content-Length") == "" {
		return empty, nil
	}
	mediaType, params, ok := parseContentType(h.Get("Content-Type"))
	if !ok || mediaType != "application/json" {
		drain(body, limit)
		return empty, nil
	}
	charset := strings.ToLower(params["charset"])
	if charset == "" {
		charset = "utf-8"
	}
	if !strings.HasPrefix(charset, "utf-") {
		return empty, &BodyError{Unsupported, `unsupported charset "` + strings.ToUpper(charset) + `"`}
	}
	if !supportedCharset(charset) {
		return empty, &BodyError{Unsupported, `unsupported charset "` + strings.ToUpper(charset) + `"`}
	}
	if contentLength > limit {
		return empty, &BodyError{TooLarge, "request entity too large"}
	}
	if body == nil {
		return empty, nil
	}
	src, berr := contentDecoder(body, h.Get("Content-Encoding"))
	if berr != nil {
		return empty, berr
	}
	data, err := readAll(src, contentLength, limit)
	if err != nil {
		return empty, &BodyError{Malformed, "the request body could not be read"}
	}
	if int64(len(data)) > limit {
		return empty, &BodyError{TooLarge, "request entity too large"}
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
		return empty, &BodyError{Malformed, "Request body must be a JSON object or array"}
	}
	if !json.Valid(trimmed) {
		return empty, &BodyError{Malformed, "Request body contains invalid JSON"}
	}
	return bytes.TrimRight(trimmed, " \t\n\r"), nil
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
func contentDecoder(body io.Reader, encoding string) (io.Reader, *BodyError) {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "", "identity":
		return body, nil
	case "gzip":
		zr, err := gzip.NewReader(body)
		if err != nil {
			return nil, &BodyError{Malformed, "the gzip request body is corrupt"}
		}
		return zr, nil
	case "deflate":
		zr, err := zlib.NewReader(body)
		if err != nil {
			return nil, &BodyError{Malformed, "the deflate request body is corrupt"}
		}
		return zr, nil
	}
	return nil, &BodyError{Unsupported, `unsupported content encoding "` + encoding + `"`}
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
