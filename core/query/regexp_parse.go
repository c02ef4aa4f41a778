package query

import (
	"unicode"
)

// A parser for JavaScript regular expressions without the u and v flags,
// following the structure and the error rules of V8's RegExpParser (Node 20,
// V8 11.3), so that the patterns it accepts and the error it reports are
// Node's. It builds a small syntax tree that regexp_translate.go turns into a
// Go regular expression.

const (
	reEnd       = 1 << 21 // kEndMarker
	reInfinity  = 1<<31 - 1
	maxCaptures = 1 << 16
)

// syntax tree -----------------------------------------------------------------

type reNode interface{ maxMatch() int }

type (
	reEmpty struct{}
	reAtom  struct{ units []uint16 }
	// reClass is a set of code units: ranges (inclusive) plus the class
	// escapes, already expanded into ranges.
	reClass struct {
		ranges  []urange
		negated bool
	}
	reText       struct{ elems []reNode }
	reAlt        struct{ terms []reNode }
	reDisj       struct{ alts []reNode }
	reAssert     struct{ kind assertKind }
	reGroup      struct{ body reNode }
	reCapture    struct{ body reNode }
	reLookaround struct {
		body     reNode
		positive bool
		behind   bool
	}
	reBackref struct {
		index   int    // 0 for a named reference until patched
		name    string // named reference
		forward bool   // the group had not been opened when the reference was read
	}
	reQuant struct {
		min, max int
		greedy   bool
		body     reNode
	}
)

type urange struct{ lo, hi uint32 }

type assertKind int

const (
	startOfInput assertKind = iota
	endOfInput
	startOfLine
	endOfLine
	boundary
	nonBoundary
)

func (reEmpty) maxMatch() int       { return 0 }
func (a *reAtom) maxMatch() int     { return len(a.units) }
func (*reClass) maxMatch() int      { return 1 }
func (*reAssert) maxMatch() int     { return 0 }
func (*reLookaround) maxMatch() int { return 0 }
func (*reBackref) maxMatch() int    { return reInfinity }
func (g *reGroup) maxMatch() int    { return g.body.maxMatch() }
func (c *reCapture) maxMatch() int  { return c.body.maxMatch() }
func (t *reText) maxMatch() int     { return sumMax(t.elems) }
func (a *reAlt) maxMatch() int      { return sumMax(a.terms) }
func (d *reDisj) maxMatch() int {
	m := 0
	for _, a := range d.alts {
		if x := a.maxMatch(); x > m {
			m = x
		}
	}
	return m
}
func (q *reQuant) maxMatch() int {
	b := q.body.maxMatch()
	if b == 0 || q.max == 0 {
		return 0
	}
	if q.max == reInfinity || b == reInfinity || b > reInfinity/q.max {
		return reInfinity
	}
	return b * q.max
}

func sumMax(ns []reNode) int {
	s := 0
	for _, n := range ns {
		m := n.maxMatch()
		if m == reInfinity || s+m >= reInfinity {
			return reInfinity
		}
		s += m
	}
	return s
}

// builder (V8's RegExpBuilder, non-unicode) ------------------------------------

type reBuilder struct {
	pendingEmpty bool
	chars        []uint16
	haveChars    bool
	text         []reNode
	terms        []reNode
	alts         []reNode
}

func (b *reBuilder) addCharacter(c uint16) {
	b.pendingEmpty = false
	b.chars = append(b.chars, c)
	b.haveChars = true
}

func (b *reBuilder) addEmpty() { b.pendingEmpty = true }

func (b *reBuilder) flushCharacters() {
	b.pendingEmpty = false
	if b.haveChars {
		b.text = append(b.text, &reAtom{units: b.chars})
		b.chars = nil
		b.haveChars = false
	}
}

func (b *reBuilder) flushText() {
	b.flushCharacters()
	switch len(b.text) {
	case 0:
		return
	case 1:
		b.terms = append(b.terms, b.text[0])
	default:
		b.terms = append(b.terms, &reText{elems: b.text})
	}
	b.text = nil
}

func isTextElement(n reNode) bool {
	switch n.(type) {
	case *reAtom, *reClass:
		return true
	}
	return false
}

func (b *reBuilder) addAtom(n reNode) {
	if _, ok := n.(reEmpty); ok {
		b.addEmpty()
		return
	}
	if isTextElement(n) {
		b.flushCharacters()
		b.text = append(b.text, n)
	} else {
		b.flushText()
		b.terms = append(b.terms, n)
	}
}

func (b *reBuilder) addTerm(n reNode) {
	b.flushText()
	b.terms = append(b.terms, n)
}

func (b *reBuilder) addAssertion(n reNode) {
	b.flushText()
	b.terms = append(b.terms, n)
}

func (b *reBuilder) flushTerms() {
	b.flushText()
	var alt reNode
	switch len(b.terms) {
	case 0:
		alt = reEmpty{}
	case 1:
		alt = b.terms[0]
	default:
		alt = &reAlt{terms: b.terms}
	}
	b.alts = append(b.alts, alt)
	b.terms = nil
}

func (b *reBuilder) newAlternative() { b.flushTerms() }

func (b *reBuilder) toRegExp() reNode {
	b.flushTerms()
	if len(b.alts) == 1 {
		return b.alts[0]
	}
	return &reDisj{alts: b.alts}
}

func (b *reBuilder) addQuantifierToAtom(min, max int, greedy bool) bool {
	if b.pendingEmpty {
		b.pendingEmpty = false
		return true
	}
	var atom reNode
	switch {
	case b.haveChars:
		chars := b.chars
		if len(chars) > 1 {
			b.text = append(b.text, &reAtom{units: chars[:len(chars)-1]})
			chars = chars[len(chars)-1:]
		}
		b.chars = nil
		b.haveChars = false
		atom = &reAtom{units: chars}
		b.flushText()
	case len(b.text) > 0:
		atom = b.text[len(b.text)-1]
		b.text = b.text[:len(b.text)-1]
		b.flushText()
	case len(b.terms) > 0:
		atom = b.terms[len(b.terms)-1]
		b.terms = b.terms[:len(b.terms)-1]
		if la, ok := atom.(*reLookaround); ok && la.behind {
			return false
		}
		if atom.maxMatch() == 0 {
			if min == 0 {
				return true
			}
			b.terms = append(b.terms, atom)
			return true
		}
	default:
		return false
	}
	b.terms = append(b.terms, &reQuant{min: min, max: max, greedy: greedy, body: atom})
	return true
}

// parser state ---------------------------------------------------------------

type subexprType int

const (
	initialSub subexprType = iota
	captureSub
	positiveLookaround
	negativeLookaround
	groupingSub
)

type reState struct {
	prev         *reState
	builder      reBuilder
	typ          subexprType
	behind       bool
	captureIndex int
	name         *string
}

func (s *reState) insideCapture(index int) bool {
	for st := s; st != nil; st = st.prev {
		if st.typ != captureSub {
			continue
		}
		if index == st.captureIndex {
			return true
		}
		if index > st.captureIndex {
			return false
		}
	}
	return false
}

func (s *reState) insideNamedCapture(name string) bool {
	for st := s; st != nil; st = st.prev {
		if st.name != nil && *st.name == name {
			return true
		}
	}
	return false
}

type reParser struct {
	in                []uint16
	current           uint32
	nextPos           int
	hasMore           bool
	failed            bool
	errMsg            string
	multiline, dotAll bool
	forceUnicode      bool
	capturesStarted   int
	captureCount      int
	scanned           bool
	hasNamedCaptures  bool
	namedCaptures     map[string]int
	namedRefs         []*reBackref
	captures          []*reCapture
}

// Error messages of V8's RegExpError.
const (
	errUnterminatedGroup     = "Unterminated group"
	errUnmatchedParen        = "Unmatched ')'"
	errEscapeAtEnd           = "\\ at end of pattern"
	errInvalidEscape         = "Invalid escape"
	errInvalidUnicodeEscape  = "Invalid Unicode escape"
	errNothingToRepeat       = "Nothing to repeat"
	errRangeOutOfOrder       = "numbers out of order in {} quantifier"
	errInvalidQuantifier     = "Invalid quantifier"
	errInvalidGroup          = "Invalid group"
	errTooManyCaptures       = "Too many captures"
	errInvalidCaptureName    = "Invalid capture group name"
	errDuplicateCaptureName  = "Duplicate capture group name"
	errInvalidNamedReference = "Invalid named reference"
	errInvalidNamedCapRef    = "Invalid named capture referenced"
	errUnterminatedClass     = "Unterminated character class"
	errClassOutOfOrder       = "Range out of order in character class"
)

func (p *reParser) unicodeMode() bool { return p.forceUnicode }

func (p *reParser) hasNext() bool { return p.nextPos < len(p.in) }

func isLead(c uint16) bool  { return c >= 0xD800 && c <= 0xDBFF }
func isTrail(c uint16) bool { return c >= 0xDC00 && c <= 0xDFFF }

func (p *reParser) readNext(update bool) uint32 {
	pos := p.nextPos
	c0 := p.in[pos]
	res := uint32(c0)
	pos++
	if p.unicodeMode() && pos < len(p.in) && isLead(c0) {
		if c1 := p.in[pos]; isTrail(c1) {
			res = 0x10000 + (uint32(c0)-0xD800)<<10 + uint32(c1) - 0xDC00
			pos++
		}
	}
	if update {
		p.nextPos = pos
	}
	return res
}

func (p *reParser) next() uint32 {
	if p.hasNext() {
		return p.readNext(false)
	}
	return reEnd
}

func (p *reParser) advance() {
	if p.hasNext() {
		p.current = p.readNext(true)
	} else {
		p.current = reEnd
		p.nextPos = len(p.in) + 1
		p.hasMore = false
	}
}

func (p *reParser) advanceBy(dist int) {
	p.nextPos += dist - 1
	p.advance()
}

func (p *reParser) reset(pos int) {
	p.nextPos = pos
	p.hasMore = pos < len(p.in)
	p.advance()
}

func (p *reParser) rewindByOneCodepoint() {
	if !p.hasMore {
		return
	}
	if p.current > 0xFFFF {
		p.advanceBy(-2)
	} else {
		p.advanceBy(-1)
	}
}

func (p *reParser) position() int { return p.nextPos - 1 }

func (p *reParser) fail(msg string) {
	if p.failed {
		return
	}
	p.failed = true
	p.errMsg = msg
	p.current = reEnd
	p.nextPos = len(p.in)
	p.hasMore = false
}

// parseRegExp parses pattern (as UTF-16) with the given flags (only m and s
// matter to the tree). It returns the tree and, on a syntax error, V8's
// message.
func parseRegExp(in []uint16, multiline, dotAll bool) (reNode, string) {
	p := &reParser{in: in, current: reEnd, hasMore: true, multiline: multiline, dotAll: dotAll}
	p.advance()
	n := p.parseDisjunction()
	if p.failed {
		return nil, p.errMsg
	}
	p.patchNamedBackReferences()
	if p.failed {
		return nil, p.errMsg
	}
	return n, ""
}

func (p *reParser) parseDisjunction() reNode {
	state := &reState{typ: initialSub}
	b := &state.builder
	for {
		switch p.current {
		case reEnd:
			if p.failed {
				return nil
			}
			if state.prev != nil {
				p.fail(errUnterminatedGroup)
				return nil
			}
			return b.toRegExp()
		case ')':
			if state.prev == nil {
				p.fail(errUnmatchedParen)
				return nil
			}
			p.advance()
			body := b.toRegExp()
			var n reNode
			switch state.typ {
			case captureSub:
				if state.name != nil {
					if !p.createNamedCapture(*state.name, state.captureIndex) {
						return nil
					}
				}
				c := &reCapture{body: body}
				p.setCapture(state.captureIndex, c)
				n = c
			case groupingSub:
				n = &reGroup{body: body}
			default:
				n = &reLookaround{body: body, positive: state.typ == positiveLookaround, behind: state.behind}
			}
			state = state.prev
			b = &state.builder
			b.addAtom(n)
		case '|':
			p.advance()
			b.newAlternative()
			continue
		case '*', '+', '?':
			p.fail(errNothingToRepeat)
			return nil
		case '^':
			p.advance()
			k := startOfInput
			if p.multiline {
				k = startOfLine
			}
			b.addAssertion(&reAssert{kind: k})
			continue
		case '$':
			p.advance()
			k := endOfInput
			if p.multiline {
				k = endOfLine
			}
			b.addAssertion(&reAssert{kind: k})
			continue
		case '.':
			p.advance()
			var c *reClass
			if p.dotAll {
				c = &reClass{ranges: []urange{{0, 0xFFFF}}}
			} else {
				c = &reClass{ranges: []urange{{0x0A, 0x0A}, {0x0D, 0x0D}, {0x2028, 0x2029}}, negated: true}
			}
			b.addAtom(c)
		case '(':
			st := p.parseOpenParenthesis(state)
			if p.failed {
				return nil
			}
			state = st
			b = &state.builder
			continue
		case '[':
			c := p.parseCharacterClass()
			if p.failed {
				return nil
			}
			b.addAtom(c)
		case '\\':
			switch p.next() {
			case reEnd:
				p.fail(errEscapeAtEnd)
				return nil
			case '1', '2', '3', '4', '5', '6', '7', '8', '9':
				index, isBackref := p.parseBackReferenceIndex()
				if p.failed {
					return nil
				}
				if isBackref {
					if state.insideCapture(index) {
						b.addEmpty()
					} else {
						b.addAtom(&reBackref{index: index, forward: index > p.capturesStarted})
					}
					break
				}
				first := p.next()
				if first == '8' || first == '9' {
					b.addCharacter(uint16(first))
					p.advanceBy(2)
					break
				}
				p.advance()
				b.addCharacter(uint16(p.parseOctalLiteral()))
			case '0':
				p.advance()
				b.addCharacter(uint16(p.parseOctalLiteral()))
			case 'b':
				p.advanceBy(2)
				b.addAssertion(&reAssert{kind: boundary})
				continue
			case 'B':
				p.advanceBy(2)
				b.addAssertion(&reAssert{kind: nonBoundary})
				continue
			case 'd', 'D', 's', 'S', 'w', 'W', 'p', 'P':
				nx := p.next()
				if c := classEscape(nx); c != nil {
					p.advanceBy(2)
					b.addAtom(&reClass{ranges: c})
				} else {
					p.advanceBy(2)
					b.addCharacter(uint16(nx))
				}
			case 'k':
				has := p.hasNamed(false)
				if p.failed {
					return nil
				}
				if has {
					p.advanceBy(2)
					p.parseNamedBackReference(b, state)
					if p.failed {
						return nil
					}
					break
				}
				fallthrough
			default:
				c := p.parseCharacterEscape(false)
				if p.failed {
					return nil
				}
				b.addCharacter(uint16(c))
			}
		case '{':
			if _, _, ok := p.parseIntervalQuantifier(); ok {
				p.fail(errNothingToRepeat)
				return nil
			}
			fallthrough
		default:
			b.addCharacter(uint16(p.current))
			p.advance()
		}

		var min, max int
		switch p.current {
		case '*':
			min, max = 0, reInfinity
			p.advance()
		case '+':
			min, max = 1, reInfinity
			p.advance()
		case '?':
			min, max = 0, 1
			p.advance()
		case '{':
			mn, mx, ok := p.parseIntervalQuantifier()
			if !ok {
				continue
			}
			if mx < mn {
				p.fail(errRangeOutOfOrder)
				return nil
			}
			min, max = mn, mx
		default:
			continue
		}
		greedy := true
		if p.current == '?' {
			greedy = false
			p.advance()
		}
		if !b.addQuantifierToAtom(min, max, greedy) {
			p.fail(errInvalidQuantifier)
			return nil
		}
	}
}

func (p *reParser) setCapture(index int, c *reCapture) {
	for len(p.captures) < index {
		p.captures = append(p.captures, nil)
	}
	p.captures[index-1] = c
}

func (p *reParser) parseOpenParenthesis(state *reState) *reState {
	behind := state.behind
	isNamed := false
	typ := captureSub
	p.advance()
	if p.current == '?' {
		switch p.next() {
		case ':':
			p.advanceBy(2)
			typ = groupingSub
		case '=':
			p.advanceBy(2)
			behind = false
			typ = positiveLookaround
		case '!':
			p.advanceBy(2)
			behind = false
			typ = negativeLookaround
		case '<':
			p.advance()
			if p.next() == '=' {
				p.advanceBy(2)
				behind = true
				typ = positiveLookaround
				break
			} else if p.next() == '!' {
				p.advanceBy(2)
				behind = true
				typ = negativeLookaround
				break
			}
			isNamed = true
			p.hasNamedCaptures = true
			p.advance()
		default:
			p.fail(errInvalidGroup)
			return nil
		}
	}
	var name *string
	if typ == captureSub {
		if p.capturesStarted >= maxCaptures {
			p.fail(errTooManyCaptures)
			return nil
		}
		p.capturesStarted++
		if isNamed {
			n, ok := p.parseCaptureGroupName()
			if !ok {
				return nil
			}
			name = &n
		}
	}
	return &reState{prev: state, typ: typ, behind: behind, captureIndex: p.capturesStarted, name: name}
}

func (p *reParser) scanForCaptures(inClass bool) {
	saved := p.position()
	count := p.capturesStarted
	if inClass {
		for c := p.current; c != reEnd; c = p.current {
			p.advance()
			if c == '\\' {
				p.advance()
			} else if c == ']' {
				break
			}
		}
	}
	for n := p.current; n != reEnd; n = p.current {
		p.advance()
		switch n {
		case '\\':
			p.advance()
		case '[':
			level := 0
			for c := p.current; c != reEnd; c = p.current {
				p.advance()
				if c == '\\' {
					p.advance()
				} else if c == '[' {
					level++
				} else if c == ']' {
					if level == 0 {
						break
					}
					level--
				}
			}
		case '(':
			if p.current == '?' {
				p.advance()
				if p.current != '<' {
					break
				}
				p.advance()
				if p.current == '=' || p.current == '!' {
					break
				}
				p.hasNamedCaptures = true
			}
			count++
		}
	}
	p.captureCount = count
	p.scanned = true
	p.reset(saved)
}

func (p *reParser) parseBackReferenceIndex() (int, bool) {
	start := p.position()
	value := int(p.next() - '0')
	p.advanceBy(2)
	for {
		c := p.current
		if c >= '0' && c <= '9' {
			value = 10*value + int(c-'0')
			if value > maxCaptures {
				p.reset(start)
				return 0, false
			}
			p.advance()
		} else {
			break
		}
	}
	if value > p.capturesStarted {
		if !p.scanned {
			p.scanForCaptures(false)
		}
		if value > p.captureCount {
			p.reset(start)
			return 0, false
		}
	}
	return value, true
}

func (p *reParser) hasNamed(inClass bool) bool {
	if p.hasNamedCaptures || p.scanned {
		return p.hasNamedCaptures
	}
	p.scanForCaptures(inClass)
	return p.hasNamedCaptures
}

func (p *reParser) parseCaptureGroupName() (string, bool) {
	p.rewindByOneCodepoint()
	var name []rune
	p.forceUnicode = true
	atStart := true
	for {
		p.advance()
		c := p.current
		if c == '\\' && p.next() == 'u' {
			p.advanceBy(2)
			v, ok := p.parseUnicodeEscape()
			if !ok {
				p.forceUnicode = false
				p.fail(errInvalidUnicodeEscape)
				return "", false
			}
			c = v
			p.rewindByOneCodepoint()
		}
		if c == '\\' {
			p.forceUnicode = false
			p.fail(errInvalidCaptureName)
			return "", false
		}
		if atStart {
			if !isIDStart(c) {
				p.forceUnicode = false
				p.fail(errInvalidCaptureName)
				return "", false
			}
			name = append(name, rune(c))
			atStart = false
		} else {
			if c == '>' {
				break
			} else if isIDPart(c) {
				name = append(name, rune(c))
			} else {
				p.forceUnicode = false
				p.fail(errInvalidCaptureName)
				return "", false
			}
		}
	}
	p.forceUnicode = false
	p.advance()
	return string(name), true
}

func isIDStart(c uint32) bool {
	if c == '$' || c == '_' {
		return true
	}
	if c > unicode.MaxRune || (c >= 0xD800 && c <= 0xDFFF) {
		return false
	}
	r := rune(c)
	if c < 128 {
		return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
	}
	return (unicode.In(r, unicode.L, unicode.Nl, unicode.Other_ID_Start)) &&
		!unicode.In(r, unicode.Pattern_Syntax, unicode.Pattern_White_Space)
}

func isIDPart(c uint32) bool {
	if isIDStart(c) || c == 0x200C || c == 0x200D {
		return true
	}
	if c > unicode.MaxRune || (c >= 0xD800 && c <= 0xDFFF) {
		return false
	}
	r := rune(c)
	if c < 128 {
		return r >= '0' && r <= '9'
	}
	return unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc, unicode.Other_ID_Continue) &&
		!unicode.In(r, unicode.Pattern_Syntax, unicode.Pattern_White_Space)
}

func (p *reParser) createNamedCapture(name string, index int) bool {
	if p.namedCaptures == nil {
		p.namedCaptures = map[string]int{}
	} else if _, dup := p.namedCaptures[name]; dup {
		p.fail(errDuplicateCaptureName)
		return false
	}
	p.namedCaptures[name] = index
	return true
}

func (p *reParser) parseNamedBackReference(b *reBuilder, state *reState) {
	if p.current != '<' {
		p.fail(errInvalidNamedReference)
		return
	}
	p.advance()
	name, ok := p.parseCaptureGroupName()
	if !ok {
		return
	}
	if state.insideNamedCapture(name) {
		b.addEmpty()
		return
	}
	ref := &reBackref{name: name}
	// Whether the group has been opened yet is decided when patching.
	ref.index = -p.capturesStarted - 1
	b.addAtom(ref)
	p.namedRefs = append(p.namedRefs, ref)
}

func (p *reParser) patchNamedBackReferences() {
	if len(p.namedRefs) == 0 {
		return
	}
	if p.namedCaptures == nil {
		p.fail(errInvalidNamedCapRef)
		return
	}
	for _, ref := range p.namedRefs {
		idx, ok := p.namedCaptures[ref.name]
		if !ok {
			p.fail(errInvalidNamedCapRef)
			return
		}
		startedBefore := -ref.index - 1
		ref.index = idx
		ref.forward = idx > startedBefore
	}
}

func (p *reParser) parseIntervalQuantifier() (int, int, bool) {
	start := p.position()
	p.advance()
	min := 0
	if !isDigit(p.current) {
		p.reset(start)
		return 0, 0, false
	}
	for isDigit(p.current) {
		nx := int(p.current - '0')
		if min > (reInfinity-nx)/10 {
			for {
				p.advance()
				if !isDigit(p.current) {
					break
				}
			}
			min = reInfinity
			break
		}
		min = 10*min + nx
		p.advance()
	}
	max := 0
	if p.current == '}' {
		max = min
		p.advance()
	} else if p.current == ',' {
		p.advance()
		if p.current == '}' {
			max = reInfinity
			p.advance()
		} else {
			for isDigit(p.current) {
				nx := int(p.current - '0')
				if max > (reInfinity-nx)/10 {
					for {
						p.advance()
						if !isDigit(p.current) {
							break
						}
					}
					max = reInfinity
					break
				}
				max = 10*max + nx
				p.advance()
			}
			if p.current != '}' {
				p.reset(start)
				return 0, 0, false
			}
			p.advance()
		}
	} else {
		p.reset(start)
		return 0, 0, false
	}
	return min, max, true
}

func isDigit(c uint32) bool { return c >= '0' && c <= '9' }

func (p *reParser) parseOctalLiteral() uint32 {
	value := p.current - '0'
	p.advance()
	if p.current >= '0' && p.current <= '7' {
		value = value*8 + p.current - '0'
		p.advance()
		if value < 32 && p.current >= '0' && p.current <= '7' {
			value = value*8 + p.current - '0'
			p.advance()
		}
	}
	return value
}

func hexValue(c uint32) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func (p *reParser) parseHexEscape(length int) (uint32, bool) {
	start := p.position()
	var val uint32
	for i := 0; i < length; i++ {
		d := hexValue(p.current)
		if d < 0 {
			p.reset(start)
			return 0, false
		}
		val = val*16 + uint32(d)
		p.advance()
	}
	return val, true
}

func (p *reParser) parseUnicodeEscape() (uint32, bool) {
	if p.current == '{' && p.unicodeMode() {
		start := p.position()
		p.advance()
		if v, ok := p.parseUnlimitedHex(0x10FFFF); ok && p.current == '}' {
			p.advance()
			return v, true
		}
		p.reset(start)
		return 0, false
	}
	v, ok := p.parseHexEscape(4)
	if ok && p.unicodeMode() && v >= 0xD800 && v <= 0xDBFF && p.current == '\\' {
		start := p.position()
		if p.next() == 'u' {
			p.advanceBy(2)
			if t, ok2 := p.parseHexEscape(4); ok2 && t >= 0xDC00 && t <= 0xDFFF {
				return 0x10000 + (v-0xD800)<<10 + t - 0xDC00, true
			}
		}
		p.reset(start)
	}
	return v, ok
}

func (p *reParser) parseUnlimitedHex(maxValue uint32) (uint32, bool) {
	var x uint32
	d := hexValue(p.current)
	if d < 0 {
		return 0, false
	}
	for d >= 0 {
		x = x*16 + uint32(d)
		if x > maxValue {
			return 0, false
		}
		p.advance()
		d = hexValue(p.current)
	}
	return x, true
}

// parseCharacterEscape is V8's ParseCharacterEscape for non-unicode patterns;
// current is the backslash.
func (p *reParser) parseCharacterEscape(inClass bool) uint32 {
	p.advance()
	c := p.current
	switch c {
	case 'f':
		p.advance()
		return '\f'
	case 'n':
		p.advance()
		return '\n'
	case 'r':
		p.advance()
		return '\r'
	case 't':
		p.advance()
		return '\t'
	case 'v':
		p.advance()
		return '\v'
	case 'c':
		cl := p.next()
		letter := cl &^ ('A' ^ 'a')
		if letter >= 'A' && letter <= 'Z' {
			p.advanceBy(2)
			return cl & 0x1F
		}
		if inClass && ((cl >= '0' && cl <= '9') || cl == '_') {
			p.advanceBy(2)
			return cl & 0x1F
		}
		return '\\'
	case '0':
		if nx := p.next(); nx < '0' || nx > '9' {
			p.advance()
			return 0
		}
		return p.parseOctalLiteral()
	case '1', '2', '3', '4', '5', '6', '7':
		return p.parseOctalLiteral()
	case 'x':
		p.advance()
		if v, ok := p.parseHexEscape(2); ok {
			return v
		}
		return 'x'
	case 'u':
		p.advance()
		if v, ok := p.parseUnicodeEscape(); ok {
			return v
		}
		return 'u'
	}
	p.advance()
	if c == 'k' && p.hasNamed(inClass) {
		p.fail(errInvalidEscape)
		return 0
	}
	return c
}

var (
	digitRanges = []urange{{'0', '9'}}
	wordRanges  = []urange{{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}
	spaceRanges = []urange{{0x09, 0x0D}, {0x20, 0x20}, {0xA0, 0xA0}, {0x1680, 0x1680},
		{0x2000, 0x200A}, {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F},
		{0x3000, 0x3000}, {0xFEFF, 0xFEFF}}
)

// classEscape returns the ranges of \d \D \s \S \w \W (nil for others: \p
// and \P are identity escapes without the u flag).
func classEscape(c uint32) []urange {
	switch c {
	case 'd':
		return digitRanges
	case 'D':
		return negateRanges(digitRanges)
	case 's':
		return spaceRanges
	case 'S':
		return negateRanges(spaceRanges)
	case 'w':
		return wordRanges
	case 'W':
		return negateRanges(wordRanges)
	}
	return nil
}

func (p *reParser) parseClassEscape() (ranges []urange, char uint32, isClass bool) {
	if p.current != '\\' {
		c := p.current
		p.advance()
		return nil, c, false
	}
	nx := p.next()
	switch nx {
	case 'b':
		p.advanceBy(2)
		return nil, '\b', false
	case reEnd:
		p.fail(errEscapeAtEnd)
		return nil, 0, false
	}
	if r := classEscape(nx); r != nil {
		p.advanceBy(2)
		return r, 0, true
	}
	return nil, p.parseCharacterEscape(true), false
}

func (p *reParser) parseCharacterClass() *reClass {
	p.advance()
	cls := &reClass{}
	if p.current == '^' {
		cls.negated = true
		p.advance()
	}
	if p.current == ']' {
		p.advance()
		return cls
	}
	for p.hasMore && p.current != ']' {
		r1, c1, isClass1 := p.parseClassEscape()
		if p.failed {
			return nil
		}
		if p.current == '-' {
			p.advance()
			if !p.hasMore {
				break
			} else if p.current == ']' {
				if isClass1 {
					cls.ranges = append(cls.ranges, r1...)
				} else {
					cls.ranges = append(cls.ranges, urange{c1, c1})
				}
				cls.ranges = append(cls.ranges, urange{'-', '-'})
				break
			}
			r2, c2, isClass2 := p.parseClassEscape()
			if p.failed {
				return nil
			}
			if isClass1 || isClass2 {
				if isClass1 {
					cls.ranges = append(cls.ranges, r1...)
				} else {
					cls.ranges = append(cls.ranges, urange{c1, c1})
				}
				cls.ranges = append(cls.ranges, urange{'-', '-'})
				if isClass2 {
					cls.ranges = append(cls.ranges, r2...)
				} else {
					cls.ranges = append(cls.ranges, urange{c2, c2})
				}
				continue
			}
			if c1 > c2 {
				p.fail(errClassOutOfOrder)
				return nil
			}
			cls.ranges = append(cls.ranges, urange{c1, c2})
		} else {
			if isClass1 {
				cls.ranges = append(cls.ranges, r1...)
			} else {
				cls.ranges = append(cls.ranges, urange{c1, c1})
			}
		}
	}
	if !p.hasMore {
		p.fail(errUnterminatedClass)
		return nil
	}
	p.advance()
	return cls
}

// negateRanges complements a set of code-unit ranges within 0..0xFFFF.
func negateRanges(rs []urange) []urange {
	rs = normalizeRanges(rs)
	var out []urange
	next := uint32(0)
	for _, r := range rs {
		if r.lo > next {
			out = append(out, urange{next, r.lo - 1})
		}
		next = r.hi + 1
	}
	if next <= 0xFFFF {
		out = append(out, urange{next, 0xFFFF})
	}
	return out
}

func normalizeRanges(rs []urange) []urange {
	if len(rs) == 0 {
		return nil
	}
	cp := append([]urange(nil), rs...)
	for i := 1; i < len(cp); i++ {
		for j := i; j > 0 && cp[j].lo < cp[j-1].lo; j-- {
			cp[j], cp[j-1] = cp[j-1], cp[j]
		}
	}
	out := []urange{cp[0]}
	for _, r := range cp[1:] {
		last := &out[len(out)-1]
		if r.lo <= last.hi+1 {
			if r.hi > last.hi {
				last.hi = r.hi
			}
		} else {
			out = append(out, r)
		}
	}
	return out
}
