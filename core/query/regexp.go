package query

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// RegExp is the Go stand-in for a JavaScript RegExp object: the pattern is
// checked with JavaScript's (V8's) syntax rules, Source is what Node's
// regExp.source gives, and Test evaluates the expression with Go's regexp
// package after translating it to JavaScript semantics (see the package
// documentation for what cannot be translated).
type RegExp struct {
	pattern string
	source  string
	flags   string
	tree    reNode

	once  sync.Once
	goRe  *regexp.Regexp
	goErr error
}

// CompileRegExp is new RegExp(pattern, flags). An invalid flag string or
// pattern is a *JSError named SyntaxError with V8's message. Patterns with the
// u or v flag are an *UnsupportedError: their (stricter) syntax is not
// implemented.
func CompileRegExp(pattern, flags string) (*RegExp, error) {
	canon, ok := canonicalFlags(flags)
	if !ok {
		return nil, &JSError{Name: "SyntaxError", Message: fmt.Sprintf("Invalid flags supplied to RegExp constructor '%s'", flags)}
	}
	if strings.ContainsAny(canon, "uv") {
		return nil, &UnsupportedError{What: "regular expressions with the u or v flag"}
	}
	in := units(pattern)
	tree, msg := parseRegExp(in, strings.Contains(canon, "m"), strings.Contains(canon, "s"))
	if msg != "" {
		return nil, &JSError{Name: "SyntaxError", Message: fmt.Sprintf("Invalid regular expression: /%s/%s: %s", pattern, canon, msg)}
	}
	return &RegExp{pattern: pattern, source: escapeSource(in), flags: canon, tree: tree}, nil
}

// MustCompileRegExp is CompileRegExp that panics on error.
func MustCompileRegExp(pattern, flags string) *RegExp {
	re, err := CompileRegExp(pattern, flags)
	if err != nil {
		panic(err)
	}
	return re
}

// canonicalFlags validates flags as V8 does (each of d g i m s u v y at most
// once, not both u and v) and returns them in the order of RegExp.prototype.flags.
func canonicalFlags(flags string) (string, bool) {
	const order = "dgimsuvy"
	seen := map[rune]bool{}
	for _, c := range flags {
		if !strings.ContainsRune(order, c) || seen[c] {
			return "", false
		}
		seen[c] = true
	}
	if seen['u'] && seen['v'] {
		return "", false
	}
	var b strings.Builder
	for _, c := range order {
		if seen[c] {
			b.WriteRune(c)
		}
	}
	return b.String(), true
}

// escapeSource is V8's EscapeRegExpSource: unescaped / outside a class and
// line terminators are escaped; the empty pattern is (?:).
func escapeSource(src []uint16) string {
	if len(src) == 0 {
		return "(?:)"
	}
	var out []uint16
	inClass := false
	for s := 0; s < len(src); {
		c := src[s]
		if c == '\\' {
			if s+1 < len(src) && isLineTerminator(src[s+1]) {
				s++
				continue
			}
			out = append(out, c)
			s++
			if s == len(src) {
				break
			}
		} else if c == '/' && !inClass {
			out = append(out, '\\')
		} else if c == '[' {
			inClass = true
		} else if c == ']' {
			inClass = false
		} else if c == '\n' {
			out = append(out, '\\', 'n')
			s++
			continue
		} else if c == '\r' {
			out = append(out, '\\', 'r')
			s++
			continue
		} else if c == 0x2028 || c == 0x2029 {
			out = append(out, units(fmt.Sprintf("\\u%04x", c))...)
			s++
			continue
		}
		out = append(out, src[s])
		s++
	}
	return fromUnits(out)
}

func isLineTerminator(c uint16) bool { return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029 }

// Source is regExp.source: the pattern with / and line terminators escaped,
// "(?:)" for the empty pattern.
func (r *RegExp) Source() string { return r.source }

// Flags is regExp.flags, in JavaScript's canonical order.
func (r *RegExp) Flags() string { return r.flags }

// IgnoreCase reports the i flag.
func (r *RegExp) IgnoreCase() bool { return strings.Contains(r.flags, "i") }

// Multiline reports the m flag.
func (r *RegExp) Multiline() bool { return strings.Contains(r.flags, "m") }

// DotAll reports the s flag.
func (r *RegExp) DotAll() bool { return strings.Contains(r.flags, "s") }

// String is regExp.toString(): /source/flags.
func (r *RegExp) String() string { return "/" + r.source + "/" + r.flags }

// Test is regExp.test(s) evaluated with Go's regexp package on a translation
// that keeps JavaScript's semantics (UTF-16 code units, JavaScript's line
// terminators, \s and case folding). It returns an *UnsupportedError for what
// RE2 cannot express: lookahead and lookbehind, backreferences to groups that
// may have matched, counted repetition above 1000, and the g and y flags
// (whose lastIndex state Node's sift carries from one test to the next).
func (r *RegExp) Test(s string) (bool, error) {
	re, err := r.compiled()
	if err != nil {
		return false, err
	}
	return re.MatchString(encodeInput(s)), nil
}

func (r *RegExp) compiled() (*regexp.Regexp, error) {
	r.once.Do(func() {
		if strings.ContainsAny(r.flags, "gy") {
			r.goErr = &UnsupportedError{What: "evaluating a regular expression with the g or y flag (stateful lastIndex)"}
			return
		}
		expr, err := translate(r.tree, r.IgnoreCase())
		if err != nil {
			r.goErr = err
			return
		}
		re, err := regexp.Compile(expr)
		if err != nil {
			r.goErr = &UnsupportedError{What: fmt.Sprintf("regular expression %s in Go (%v)", r, err)}
			return
		}
		r.goRe = re
	})
	return r.goRe, r.goErr
}
