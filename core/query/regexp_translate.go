package query

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
)

// Translation of a JavaScript (non-unicode) regular expression into a Go
// (RE2) expression with the same matches.
//
// JavaScript matches UTF-16 code units. Both the pattern and the subject are
// mapped into a rune space where every code unit is one rune: units outside
// the surrogate range keep their value, surrogates D800-DFFF become
// U+10F800-U+10FFFF. The four JavaScript line terminators (\n, \r, U+2028,
// U+2029) are written as three runes, "\n", a tag rune (U+10F7F0+k) and "\n",
// so that RE2's multiline ^ and $ (which only know \n) hold exactly at
// JavaScript's line boundaries. The expression is anchored as
// \A(?:unit)*?(?:pattern) so that a match can only start at a unit boundary.

const ltTag = 0x10F7F0

func ltIndex(u uint32) int {
	switch u {
	case '\n':
		return 0
	case '\r':
		return 1
	case 0x2028:
		return 2
	case 0x2029:
		return 3
	}
	return -1
}

func mapUnit(u uint32) rune {
	if u >= 0xD800 && u <= 0xDFFF {
		return rune(0x10F800 + (u - 0xD800))
	}
	return rune(u)
}

// encodeInput maps a subject string into the translated rune space.
func encodeInput(s string) string {
	var b strings.Builder
	for _, u := range units(s) {
		if k := ltIndex(uint32(u)); k >= 0 {
			b.WriteByte('\n')
			b.WriteRune(rune(ltTag + k))
			b.WriteByte('\n')
			continue
		}
		b.WriteRune(mapUnit(uint32(u)))
	}
	return b.String()
}

const unitExpr = `[^\n]|\n[\x{10F7F0}-\x{10F7F3}]\n`

type translator struct {
	b          strings.Builder
	ignoreCase bool
}

func translate(tree reNode, ignoreCase bool) (string, error) {
	t := &translator{ignoreCase: ignoreCase}
	t.b.WriteString(`\A(?:` + unitExpr + `)*?(?:`)
	if err := t.node(tree); err != nil {
		return "", err
	}
	t.b.WriteString(`)`)
	return t.b.String(), nil
}

func (t *translator) node(n reNode) error {
	switch x := n.(type) {
	case reEmpty:
		t.b.WriteString(`(?:)`)
	case *reAtom:
		for _, u := range x.units {
			if t.ignoreCase {
				t.set(caseClosure([]urange{{uint32(u), uint32(u)}}))
			} else {
				t.unit(uint32(u))
			}
		}
	case *reClass:
		rs := normalizeRanges(x.ranges)
		if t.ignoreCase {
			// A unit matches when some member canonicalizes to its
			// canonical value; a negated class is the complement of that.
			rs = caseClosure(rs)
		}
		if x.negated {
			rs = negateRanges(rs)
		}
		t.set(rs)
	case *reText:
		for _, e := range x.elems {
			if err := t.node(e); err != nil {
				return err
			}
		}
	case *reAlt:
		t.b.WriteString(`(?:`)
		for _, e := range x.terms {
			if err := t.node(e); err != nil {
				return err
			}
		}
		t.b.WriteString(`)`)
	case *reDisj:
		t.b.WriteString(`(?:`)
		for i, a := range x.alts {
			if i > 0 {
				t.b.WriteString(`|`)
			}
			if err := t.node(a); err != nil {
				return err
			}
		}
		t.b.WriteString(`)`)
	case *reAssert:
		switch x.kind {
		case startOfInput:
			t.b.WriteString(`\A`)
		case endOfInput:
			t.b.WriteString(`\z`)
		case startOfLine:
			t.b.WriteString(`(?m:^)`)
		case endOfLine:
			t.b.WriteString(`(?m:$)`)
		case boundary:
			t.b.WriteString(`\b`)
		case nonBoundary:
			t.b.WriteString(`\B`)
		}
	case *reGroup:
		t.b.WriteString(`(?:`)
		if err := t.node(x.body); err != nil {
			return err
		}
		t.b.WriteString(`)`)
	case *reCapture:
		t.b.WriteString(`(?:`)
		if err := t.node(x.body); err != nil {
			return err
		}
		t.b.WriteString(`)`)
	case *reLookaround:
		if x.behind {
			return &UnsupportedError{What: "lookbehind assertions in regular expressions"}
		}
		return &UnsupportedError{What: "lookahead assertions in regular expressions"}
	case *reBackref:
		if !x.forward {
			return &UnsupportedError{What: "backreferences in regular expressions"}
		}
		// A reference to a group that has not been entered yet always
		// matches the empty string.
		t.b.WriteString(`(?:)`)
	case *reQuant:
		if x.min > 1000 || (x.max != reInfinity && x.max > 1000) {
			return &UnsupportedError{What: fmt.Sprintf("repetition counts above 1000 ({%d,%d})", x.min, x.max)}
		}
		t.b.WriteString(`(?:`)
		if err := t.node(x.body); err != nil {
			return err
		}
		t.b.WriteString(`)`)
		switch {
		case x.min == 0 && x.max == reInfinity:
			t.b.WriteString(`*`)
		case x.min == 1 && x.max == reInfinity:
			t.b.WriteString(`+`)
		case x.min == 0 && x.max == 1:
			t.b.WriteString(`?`)
		case x.max == reInfinity:
			fmt.Fprintf(&t.b, `{%d,}`, x.min)
		case x.min == x.max:
			fmt.Fprintf(&t.b, `{%d}`, x.min)
		default:
			fmt.Fprintf(&t.b, `{%d,%d}`, x.min, x.max)
		}
		if !x.greedy {
			t.b.WriteString(`?`)
		}
	default:
		return fmt.Errorf("query: internal error: unknown regexp node %T", n)
	}
	return nil
}

func (t *translator) unit(u uint32) {
	if k := ltIndex(u); k >= 0 {
		fmt.Fprintf(&t.b, `\n\x{%X}\n`, ltTag+k)
		return
	}
	fmt.Fprintf(&t.b, `\x{%X}`, mapUnit(u))
}

// set writes a class matching exactly the code units in rs (normalized).
func (t *translator) set(rs []urange) {
	rs = normalizeRanges(rs)
	var lts []int
	var normal []urange
	for _, r := range rs {
		lo := r.lo
		for _, lt := range []uint32{'\n', '\r', 0x2028, 0x2029} {
			if lt < lo || lt > r.hi {
				continue
			}
			if lt > lo {
				normal = append(normal, urange{lo, lt - 1})
			}
			lts = append(lts, ltIndex(lt))
			lo = lt + 1
		}
		if lo <= r.hi {
			normal = append(normal, urange{lo, r.hi})
		}
	}
	var parts []string
	if len(normal) > 0 {
		var c strings.Builder
		c.WriteByte('[')
		for _, r := range normal {
			for _, sub := range splitSurrogates(r) {
				if sub.lo == sub.hi {
					fmt.Fprintf(&c, `\x{%X}`, mapUnit(sub.lo))
				} else {
					fmt.Fprintf(&c, `\x{%X}-\x{%X}`, mapUnit(sub.lo), mapUnit(sub.hi))
				}
			}
		}
		c.WriteByte(']')
		parts = append(parts, c.String())
	}
	if len(lts) > 0 {
		var c strings.Builder
		c.WriteString(`\n[`)
		for _, k := range lts {
			fmt.Fprintf(&c, `\x{%X}`, ltTag+k)
		}
		c.WriteString(`]\n`)
		parts = append(parts, c.String())
	}
	switch len(parts) {
	case 0:
		t.b.WriteString(`[^\x00-\x{10FFFF}]`)
	case 1:
		t.b.WriteString(`(?:` + parts[0] + `)`)
	default:
		t.b.WriteString(`(?:` + parts[0] + `|` + parts[1] + `)`)
	}
}

func splitSurrogates(r urange) []urange {
	var out []urange
	cut := func(lo, hi uint32) {
		l, h := max(lo, r.lo), min(hi, r.hi)
		if l <= h {
			out = append(out, urange{l, h})
		}
	}
	cut(0, 0xD7FF)
	cut(0xD800, 0xDFFF)
	cut(0xE000, 0xFFFF)
	return out
}

// Case-insensitive matching without the u flag: two code units match when
// their Canonicalize values (toUpperCase, kept only when it is one code unit
// and does not map a non-ASCII unit to ASCII) are equal.

var (
	canonOnce  sync.Once
	canonTable []uint16            // unit -> canonical unit
	canonClass map[uint16][]uint16 // canonical unit -> all units with it
)

// multiUpper are the code units whose full uppercase mapping
// (SpecialCasing.txt) is more than one character: Canonicalize keeps them.
var multiUpper = []urange{{0x00DF, 0x00DF}, {0x0149, 0x0149}, {0x01F0, 0x01F0}, {0x0390, 0x0390},
	{0x03B0, 0x03B0}, {0x0587, 0x0587}, {0x1E96, 0x1E9A}, {0x1F50, 0x1F50}, {0x1F52, 0x1F52},
	{0x1F54, 0x1F54}, {0x1F56, 0x1F56}, {0x1F80, 0x1FAF}, {0x1FB2, 0x1FB4}, {0x1FB6, 0x1FB7},
	{0x1FBC, 0x1FBC}, {0x1FC2, 0x1FC4}, {0x1FC6, 0x1FC7}, {0x1FCC, 0x1FCC}, {0x1FD2, 0x1FD3},
	{0x1FD6, 0x1FD7}, {0x1FE2, 0x1FE4}, {0x1FE6, 0x1FE7}, {0x1FF2, 0x1FF4}, {0x1FF6, 0x1FF7},
	{0x1FFC, 0x1FFC}, {0xFB00, 0xFB06}, {0xFB13, 0xFB17}}

func initCanon() {
	canonTable = make([]uint16, 0x10000)
	canonClass = map[uint16][]uint16{}
	for u := 0; u <= 0xFFFF; u++ {
		c := uint16(u)
		if !(u >= 0xD800 && u <= 0xDFFF) && !inRanges(uint32(u), multiUpper) {
			up := unicode.ToUpper(rune(u))
			if up <= 0xFFFF && !(u >= 128 && up < 128) {
				c = uint16(up)
			}
		}
		canonTable[u] = c
		canonClass[c] = append(canonClass[c], uint16(u))
	}
}

func inRanges(u uint32, rs []urange) bool {
	for _, r := range rs {
		if u >= r.lo && u <= r.hi {
			return true
		}
	}
	return false
}

// caseClosure returns all code units that match some unit of rs ignoring case.
func caseClosure(rs []urange) []urange {
	canonOnce.Do(initCanon)
	in := make([]bool, 0x10000)
	for _, r := range normalizeRanges(rs) {
		for u := r.lo; u <= r.hi; u++ {
			in[canonTable[u]] = true
		}
	}
	var out []urange
	for u := 0; u <= 0xFFFF; u++ {
		if in[canonTable[u]] {
			if n := len(out); n > 0 && out[n-1].hi == uint32(u)-1 {
				out[n-1].hi = uint32(u)
			} else {
				out = append(out, urange{uint32(u), uint32(u)})
			}
		}
	}
	return out
}
