package express

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ParseQuery decodes a query string as the reference's Express does (qs 6.5.2 with
// allowPrototypes): "+" is a space, a repeated key becomes an array, "a[]=" and "a[0]=" build
// arrays, "a[b]=" builds objects (at most 5 levels, indices up to 20), and a malformed escape
// leaves the text as it is. The result holds strings, []any and map[string]any; nil when the
// query string has no keys.
//
// Go's url.ParseQuery differs in each of these points (and drops keys with bad escapes), and no
// maintained Go library follows qs, hence this port.
func ParseQuery(raw string) map[string]any {
	if raw == "" {
		return nil
	}
	keys, values := qsParseValues(raw)
	var obj any = map[string]any{}
	for _, key := range keys {
		parsed := qsParseKeys(key, values[key])
		if parsed == nil {
			continue
		}
		obj = qsMerge(obj, parsed)
	}
	out, _ := qsCompact(obj).(map[string]any)
	if len(out) == 0 {
		return nil
	}
	return out
}

const (
	qsParameterLimit = 1000
	qsDepth          = 5
	qsArrayLimit     = 20
)

// qsHole is a missing element of a sparse array, removed by qsCompact.
type qsHole struct{}

func qsParseValues(raw string) ([]string, map[string]any) {
	parts := strings.SplitN(raw, "&", qsParameterLimit+1)
	if len(parts) > qsParameterLimit {
		parts = parts[:qsParameterLimit]
	}
	keys := make([]string, 0, len(parts))
	values := make(map[string]any, len(parts))
	for _, part := range parts {
		pos := strings.Index(part, "]=")
		if pos == -1 {
			pos = strings.IndexByte(part, '=')
		} else {
			pos++
		}
		var key string
		var val any
		if pos == -1 {
			key, val = qsDecode(part), ""
		} else {
			key, val = qsDecode(part[:pos]), qsDecode(part[pos+1:])
		}
		if key == "__proto__" { // `obj.__proto__ = "x"` sets nothing in JavaScript
			continue
		}
		if prev, ok := values[key]; ok {
			values[key] = append(qsConcat(prev), val)
			continue
		}
		keys = append(keys, key)
		values[key] = val
	}
	return keys, values
}

// qsConcat is [].concat(v).
func qsConcat(v any) []any {
	if arr, ok := v.([]any); ok {
		return append([]any(nil), arr...)
	}
	return []any{v}
}

// qsDecode is qs's decoder: "+" to space, then decodeURIComponent; the input unchanged on failure.
func qsDecode(s string) string {
	spaced := strings.ReplaceAll(s, "+", " ")
	if !strings.Contains(spaced, "%") {
		return spaced
	}
	if d, ok := DecodeURIComponent(spaced); ok {
		return d
	}
	return s
}

// DecodeURIComponent is JavaScript's: every escape must be well formed and the bytes valid UTF-8.
func DecodeURIComponent(s string) (string, bool) {
	d, err := url.PathUnescape(s)
	if err != nil || !utf8.ValidString(d) {
		return "", false
	}
	return d, true
}

var (
	qsBracket = regexp.MustCompile(`\[[^[\]]*]`)
)

func qsParseKeys(key string, val any) any {
	if key == "" {
		return nil
	}
	segments := qsBracket.FindAllStringIndex(key, -1)
	parent := key
	if len(segments) > 0 {
		parent = key[:segments[0][0]]
	}
	var chain []string
	if parent != "" {
		chain = append(chain, parent)
	}
	for i, seg := range segments {
		if i == qsDepth {
			chain = append(chain, "["+key[seg[0]:]+"]")
			break
		}
		chain = append(chain, key[seg[0]:seg[1]])
	}
	return qsParseObject(chain, val)
}

func qsParseObject(chain []string, val any) any {
	leaf := val
	for i := len(chain) - 1; i >= 0; i-- {
		root := chain[i]
		if root == "[]" {
			leaf = qsConcat(leaf)
			continue
		}
		clean := root
		if len(root) >= 2 && root[0] == '[' && root[len(root)-1] == ']' {
			clean = root[1 : len(root)-1]
		}
		if clean == "__proto__" { // assigning __proto__ replaces the prototype: no own member
			leaf = map[string]any{}
			continue
		}
		if index, err := strconv.Atoi(clean); err == nil && root != clean &&
			strconv.Itoa(index) == clean && index >= 0 && index <= qsArrayLimit {
			arr := make([]any, index+1)
			for j := range index {
				arr[j] = qsHole{}
			}
			arr[index] = leaf
			leaf = arr
			continue
		}
		leaf = map[string]any{clean: leaf}
	}
	return leaf
}

func qsMerge(target, source any) any {
	if source == nil || source == "" {
		return target
	}
	switch src := source.(type) {
	case string:
		switch t := target.(type) {
		case []any:
			return append(t, src)
		case map[string]any:
			if src != "__proto__" {
				t[src] = true
			}
			return t
		}
		return []any{target, src}
	case []any:
		switch t := target.(type) {
		case []any:
			for i, item := range src {
				if _, hole := item.(qsHole); hole {
					continue
				}
				if i < len(t) {
					if _, hole := t[i].(qsHole); !hole {
						if isQSObject(t[i]) {
							t[i] = qsMerge(t[i], item)
						} else {
							t = append(t, item)
						}
						continue
					}
				}
				for len(t) <= i {
					t = append(t, qsHole{})
				}
				t[i] = item
			}
			return t
		case map[string]any:
			return qsMergeObject(t, qsArrayToObject(src))
		}
		return append([]any{target}, src...)
	case map[string]any:
		switch t := target.(type) {
		case []any:
			return qsMergeObject(qsArrayToObject(t), src)
		case map[string]any:
			return qsMergeObject(t, src)
		}
		return []any{target, src}
	}
	return target
}

func isQSObject(v any) bool {
	switch v.(type) {
	case []any, map[string]any:
		return true
	}
	return false
}

func qsMergeObject(acc, src map[string]any) map[string]any {
	for k, v := range src {
		if prev, ok := acc[k]; ok {
			acc[k] = qsMerge(prev, v)
		} else {
			acc[k] = v
		}
	}
	return acc
}

func qsArrayToObject(arr []any) map[string]any {
	obj := make(map[string]any, len(arr))
	for i, v := range arr {
		if _, hole := v.(qsHole); !hole {
			obj[strconv.Itoa(i)] = v
		}
	}
	return obj
}

// qsCompact removes the holes of sparse arrays, at every depth.
func qsCompact(v any) any {
	switch x := v.(type) {
	case []any:
		out := x[:0]
		for _, e := range x {
			if _, hole := e.(qsHole); !hole {
				out = append(out, qsCompact(e))
			}
		}
		return out
	case map[string]any:
		for k, e := range x {
			x[k] = qsCompact(e)
		}
	}
	return v
}
