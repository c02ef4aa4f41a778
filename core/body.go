package core

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/json"
	"io"
	"mime"
	"strings"
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
	if charset != "utf-8" && charset != "utf8" {
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
	data, err := io.ReadAll(io.LimitReader(src, limit+1))
	if err != nil {
		return empty, &Error{Kind: KindBadRequest, Debug: "the request body could not be read"}
	}
	if int64(len(data)) > limit {
		return empty, &Error{Kind: KindEntityTooLarge, Debug: "request entity too large"}
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
	if v == "" {
		return "", nil, false
	}
	mediaType, params, err := mime.ParseMediaType(v)
	if err != nil {
		// type-is still matches a type whose parameters are broken only if the type parses;
		// keep it simple: take what stands before ';'.
		t, _, _ := strings.Cut(v, ";")
		t = strings.ToLower(strings.TrimSpace(t))
		if !strings.Contains(t, "/") {
			return "", nil, false
		}
		return t, map[string]string{}, true
	}
	return mediaType, params, true
}

// drain discards an unread body so the connection can be reused.
func drain(body io.Reader, limit int64) {
	if body != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(body, limit))
	}
}
