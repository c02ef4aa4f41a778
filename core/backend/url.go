package backend

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The reference builds each URL by concatenation (`${baasUrl}/appdata/${appKey}/${name}/` plus an
// id) and hands it to `request`, which parses it with Node's legacy url.parse. nodeTarget does
// what that parse does to what follows the host, so that an id reaches the same route: leading
// and trailing whitespace trimmed, backslashes before any ? or # turned into slashes, the
// characters url.parse escapes escaped, a ? starting the query string and a # cutting the rest
// off. Where Node would send bytes no server reads (non-ASCII, control characters), they are
// percent-encoded instead.

// target is where `request` sends a URL: the origin, and the path and query as sent.
type target struct {
	origin   string // scheme://host
	path     string // escaped
	query    string // escaped, without '?'
	hasQuery bool   // the URL had a '?' (maybe with nothing after it)
	hadHash  bool   // a '#' came before any '?': a query added later is lost in the hash
}

// String is the target as a URL, for messages.
func (t target) String() string {
	s := t.origin + t.path
	if t.hasQuery {
		s += "?" + t.query
	}
	return s
}

// opaque is the path for url.URL.Opaque, so that Go sends it exactly: in absolute form when it
// starts with "//", which Opaque would otherwise take for a host.
func (t target) opaque() string {
	if strings.HasPrefix(t.path, "//") {
		_, hostPart, _ := strings.Cut(t.origin, "://")
		return "//" + hostPart + t.path
	}
	return t.path
}

// nodeTarget parses a URL the reference built.
func nodeTarget(raw string) (target, error) {
	s := strings.TrimFunc(raw, isURLSpace)
	// Backslashes before the first ? or # become slashes.
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = strings.ReplaceAll(s[:i], `\`, "/") + s[i:]
	} else {
		s = strings.ReplaceAll(s, `\`, "/")
	}
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || scheme == "" {
		return target{}, fmt.Errorf("backend: the backend URL %q has no scheme", clip(raw, 80))
	}
	hostEnd := strings.IndexAny(rest, "/?#")
	if hostEnd < 0 {
		hostEnd = len(rest)
	}
	host := rest[:hostEnd]
	if host == "" {
		return target{}, fmt.Errorf("backend: the backend URL %q has no host", clip(raw, 80))
	}
	t := target{origin: scheme + "://" + host}
	rest = autoEscape(rest[hostEnd:])
	q, h := strings.IndexByte(rest, '?'), strings.IndexByte(rest, '#')
	if h >= 0 {
		if q < 0 || q > h {
			t.hadHash, q = true, -1
		}
		rest = rest[:h]
	}
	if q >= 0 {
		t.query, t.hasQuery = rest[q+1:], true
		rest = rest[:q]
	}
	if rest == "" {
		rest = "/"
	}
	t.path = rest
	return t, nil
}

// isURLSpace is what url.parse trims from both ends: code units below 33, NBSP and BOM.
func isURLSpace(r rune) bool { return r < 33 || r == 0xa0 || r == 0xfeff }

// autoEscape escapes what url.parse escapes (tab, newline, carriage return, space, " ' < > \ ^ `
// { | }) and, beyond Node, every other byte that cannot go on a request line as it is.
func autoEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x21 || c >= 0x7f:
			fmt.Fprintf(&b, "%%%02X", c)
		case strings.IndexByte(`"'<>\^`+"`{|}", c) >= 0:
			fmt.Fprintf(&b, "%%%02X", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// pair is a query string parameter, in order.
type pair struct{ key, value string }

// queryPairs orders the parameters of a Query as the Node SDK's Query writes them (query, fields,
// limit, skip, sort), then any others by name.
func queryPairs(v url.Values) []pair {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	rank := func(k string) int {
		if i := slices.Index([]string{"query", "fields", "limit", "skip", "sort"}, k); i >= 0 {
			return i
		}
		return 5
	}
	slices.SortFunc(keys, func(a, b string) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
	var out []pair
	for _, k := range keys {
		for _, val := range v[k] {
			out = append(out, pair{k, val})
		}
	}
	return out
}

// withQS is request's qs(): the parameters of the URL's own query (parsed as qs parses them) with
// qs's set over them, written as qs.stringify writes them. Nothing changes when that is empty;
// when the URL had a '#' and no '?', the parameters end up in the discarded hash, as in Node.
func (t target) withQS(qs []pair) target {
	var base []pair
	if t.hasQuery {
		base = qsParse(t.query)
	}
	for _, p := range qs {
		replaced := false
		for i := range base {
			if base[i].key == p.key {
				base[i].value, replaced = p.value, true
				break
			}
		}
		if !replaced {
			base = append(base, p)
		}
	}
	s := qsStringify(base)
	if s == "" || t.hadHash && !t.hasQuery {
		return t
	}
	t.query, t.hasQuery = s, true
	return t
}

// qsParse parses a query string as qs.parse does for flat keys: '+' is a space, a malformed
// escape stays as it is, a repeated key gathers its values (written back as key[0], key[1], ...).
func qsParse(s string) []pair {
	var out []pair
	counts := map[string]int{}
	for _, part := range strings.Split(s, "&") {
		if part == "" {
			continue
		}
		pos := strings.Index(part, "]=")
		if pos >= 0 {
			pos++
		} else {
			pos = strings.IndexByte(part, '=')
		}
		key, val := part, ""
		if pos >= 0 {
			key, val = part[:pos], part[pos+1:]
		}
		key, val = qsDecode(key), qsDecode(val)
		if key == "" {
			continue
		}
		counts[key]++
		out = append(out, pair{key, val})
	}
	// A repeated key becomes an array: key[0]=a&key[1]=b, at the key's first place.
	var merged []pair
	index := map[string]int{}
	for _, p := range out {
		if counts[p.key] == 1 {
			merged = append(merged, p)
			continue
		}
		n := index[p.key]
		index[p.key] = n + 1
		merged = append(merged, pair{p.key + "[" + strconv.Itoa(n) + "]", p.value})
	}
	return jsKeyOrder(merged)
}

// jsKeyOrder orders parameters as a JavaScript object orders its keys: array indexes first, in
// ascending order, then the others in insertion order.
func jsKeyOrder(ps []pair) []pair {
	var idx, other []pair
	for _, p := range ps {
		if isArrayIndex(p.key) {
			idx = append(idx, p)
		} else {
			other = append(other, p)
		}
	}
	slices.SortStableFunc(idx, func(a, b pair) int {
		x, _ := strconv.ParseUint(a.key, 10, 32)
		y, _ := strconv.ParseUint(b.key, 10, 32)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	return append(idx, other...)
}

func isArrayIndex(k string) bool {
	if k == "" || len(k) > 10 || (len(k) > 1 && k[0] == '0') {
		return false
	}
	n, err := strconv.ParseUint(k, 10, 32)
	return err == nil && n < 1<<32-1
}

// qsDecode is qs's decoder: '+' as a space, then decodeURIComponent, the text as it is when that
// fails.
func qsDecode(s string) string {
	s = strings.ReplaceAll(s, "+", " ")
	d, err := url.PathUnescape(s)
	if err != nil || !utf8.ValidString(d) {
		return s
	}
	return d
}

// qsStringify writes parameters as qs.stringify does (RFC 3986 encoding of keys and values).
func qsStringify(ps []pair) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(qsEncode(p.key))
		b.WriteByte('=')
		b.WriteString(qsEncode(p.value))
	}
	return b.String()
}

// qsEncode is qs's encoder: letters, digits and - . _ ~ as they are, every other byte of the
// UTF-8 text percent-encoded.
func qsEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// wellFormedUTF8 is Buffer.toString('utf8'): every maximal ill-formed subsequence becomes one
// U+FFFD, as the WHATWG decoder does.
func wellFormedUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	out := make([]byte, 0, len(b)+8)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || n > 1 {
			out = append(out, b[i:i+n]...)
			i += n
			continue
		}
		i += maximalSubpart(b[i:])
		out = append(out, "\uFFFD"...)
	}
	return out
}

// maximalSubpart is the length of the ill-formed sequence at the start of b: the longest prefix
// of a well-formed sequence, or one byte.
func maximalSubpart(b []byte) int {
	c := b[0]
	need, lo, hi := 0, byte(0x80), byte(0xBF)
	switch {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c == 0xE0:
		need, lo = 2, 0xA0
	case c >= 0xE1 && c <= 0xEC, c == 0xEE, c == 0xEF:
		need = 2
	case c == 0xED:
		need, hi = 2, 0x9F
	case c == 0xF0:
		need, lo = 3, 0x90
	case c >= 0xF1 && c <= 0xF3:
		need = 3
	case c == 0xF4:
		need, hi = 3, 0x8F
	default:
		return 1
	}
	i := 1
	for ; i <= need && i < len(b); i++ {
		if b[i] < lo || b[i] > hi {
			break
		}
		lo, hi = 0x80, 0xBF
	}
	return i
}
