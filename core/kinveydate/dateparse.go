package kinveydate

import (
	"math"
	"time"
	"unicode/utf16"
)

// A port of V8's DateParser (src/date/dateparser*.{h,cc}), the parser behind
// new Date(string) and Date.parse in Node 20: first the ES5 ISO 8601 format,
// then, for whatever is left, V8's legacy parser (month names, "Tue Mar 05
// 2024 10:00:00 GMT+0100 (CET)", RFC 2822, 1/2/2020, am/pm, the US time zone
// abbreviations, parenthesized comments, ...).

const (
	kNone                 = math.MaxInt32
	kMaxSignificantDigits = 9
)

type dateReader struct {
	in    []uint16
	index int
	ch    uint32
}

func (r *dateReader) next() {
	if r.index < len(r.in) {
		r.ch = uint32(r.in[r.index])
	} else {
		r.ch = 0
	}
	r.index++
}

func (r *dateReader) position() int { return r.index }

func (r *dateReader) readUnsignedNumeral() int {
	n, i := 0, 0
	for r.isDigit() {
		if i < kMaxSignificantDigits {
			n = n*10 + int(r.ch-'0')
		}
		i++
		r.next()
	}
	return n
}

func (r *dateReader) readWord(prefix *[3]uint32) int {
	l := 0
	for ; r.isAlphaOrAbove(); r.next() {
		if l < 3 {
			prefix[l] = r.ch | 0x20
		}
		l++
	}
	for i := l; i < 3; i++ {
		prefix[i] = 0
	}
	return l
}

func (r *dateReader) skip(c uint32) bool {
	if r.ch == c {
		r.next()
		return true
	}
	return false
}

func (r *dateReader) isEnd() bool          { return r.ch == 0 }
func (r *dateReader) isDigit() bool        { return r.ch >= '0' && r.ch <= '9' }
func (r *dateReader) isAlphaOrAbove() bool { return r.ch >= 'A' }

func isWhiteSpaceOrLineTerminator(c uint32) bool {
	switch c {
	case 9, 0xA, 0xB, 0xC, 0xD, 0x20, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return c >= 0x2000 && c <= 0x200A
}

func (r *dateReader) skipWhiteSpace() bool {
	if isWhiteSpaceOrLineTerminator(r.ch) {
		r.next()
		return true
	}
	return false
}

func (r *dateReader) skipParentheses() bool {
	if r.ch != '(' {
		return false
	}
	balance := 0
	for {
		if r.ch == ')' {
			balance--
		} else if r.ch == '(' {
			balance++
		}
		r.next()
		if !(balance > 0 && r.ch != 0) {
			break
		}
	}
	return true
}

type tokenTag int

const (
	tagInvalid tokenTag = -6 + iota
	tagUnknown
	tagWhiteSpace
	tagNumber
	tagSymbol
	tagEnd
	// keyword types (>= 0)
	kwInvalid
	kwMonthName
	kwTimeZoneName
	kwTimeSeparator
	kwAmPm
)

type dateToken struct {
	tag    tokenTag
	length int
	value  int
}

func (t dateToken) isInvalid() bool    { return t.tag == tagInvalid }
func (t dateToken) isNumber() bool     { return t.tag == tagNumber }
func (t dateToken) isSymbol() bool     { return t.tag == tagSymbol }
func (t dateToken) isWhiteSpace() bool { return t.tag == tagWhiteSpace }
func (t dateToken) isEnd() bool        { return t.tag == tagEnd }
func (t dateToken) isKeyword() bool    { return t.tag >= kwInvalid }
func (t dateToken) isSym(c int) bool   { return t.isSymbol() && t.value == c }
func (t dateToken) isFixedLengthNumber(l int) bool {
	return t.isNumber() && t.length == l
}
func (t dateToken) isAsciiSign() bool {
	return t.tag == tagSymbol && (t.value == '-' || t.value == '+')
}
func (t dateToken) asciiSign() int { return 44 - t.value }
func (t dateToken) isKeywordZ() bool {
	return t.tag == kwTimeZoneName && t.length == 1 && t.value == 0
}

type keyword struct {
	prefix [3]uint32
	typ    tokenTag
	value  int
}

var keywords = []keyword{
	{[3]uint32{'j', 'a', 'n'}, kwMonthName, 1},
	{[3]uint32{'f', 'e', 'b'}, kwMonthName, 2},
	{[3]uint32{'m', 'a', 'r'}, kwMonthName, 3},
	{[3]uint32{'a', 'p', 'r'}, kwMonthName, 4},
	{[3]uint32{'m', 'a', 'y'}, kwMonthName, 5},
	{[3]uint32{'j', 'u', 'n'}, kwMonthName, 6},
	{[3]uint32{'j', 'u', 'l'}, kwMonthName, 7},
	{[3]uint32{'a', 'u', 'g'}, kwMonthName, 8},
	{[3]uint32{'s', 'e', 'p'}, kwMonthName, 9},
	{[3]uint32{'o', 'c', 't'}, kwMonthName, 10},
	{[3]uint32{'n', 'o', 'v'}, kwMonthName, 11},
	{[3]uint32{'d', 'e', 'c'}, kwMonthName, 12},
	{[3]uint32{'a', 'm', 0}, kwAmPm, 0},
	{[3]uint32{'p', 'm', 0}, kwAmPm, 12},
	{[3]uint32{'u', 't', 0}, kwTimeZoneName, 0},
	{[3]uint32{'u', 't', 'c'}, kwTimeZoneName, 0},
	{[3]uint32{'z', 0, 0}, kwTimeZoneName, 0},
	{[3]uint32{'g', 'm', 't'}, kwTimeZoneName, 0},
	{[3]uint32{'c', 'd', 't'}, kwTimeZoneName, -5},
	{[3]uint32{'c', 's', 't'}, kwTimeZoneName, -6},
	{[3]uint32{'e', 'd', 't'}, kwTimeZoneName, -4},
	{[3]uint32{'e', 's', 't'}, kwTimeZoneName, -5},
	{[3]uint32{'m', 'd', 't'}, kwTimeZoneName, -6},
	{[3]uint32{'m', 's', 't'}, kwTimeZoneName, -7},
	{[3]uint32{'p', 'd', 't'}, kwTimeZoneName, -7},
	{[3]uint32{'p', 's', 't'}, kwTimeZoneName, -8},
	{[3]uint32{'t', 0, 0}, kwTimeSeparator, 0},
}

func lookupKeyword(pre [3]uint32, l int) (tokenTag, int) {
	for _, k := range keywords {
		if k.prefix == pre && (l <= 3 || k.typ == kwMonthName) {
			return k.typ, k.value
		}
	}
	return kwInvalid, 0
}

type dateTokenizer struct {
	in   *dateReader
	peek dateToken
}

func newTokenizer(in *dateReader) *dateTokenizer {
	t := &dateTokenizer{in: in}
	t.peek = t.scan()
	return t
}

func (t *dateTokenizer) next() dateToken {
	r := t.peek
	t.peek = t.scan()
	return r
}

func (t *dateTokenizer) skipSymbol(c int) bool {
	if t.peek.isSym(c) {
		t.peek = t.scan()
		return true
	}
	return false
}

func (t *dateTokenizer) scan() dateToken {
	in := t.in
	pre := in.position()
	if in.isEnd() {
		return dateToken{tag: tagEnd, value: -1}
	}
	if in.isDigit() {
		n := in.readUnsignedNumeral()
		return dateToken{tag: tagNumber, length: in.position() - pre, value: n}
	}
	for _, c := range []uint32{':', '-', '+', '.', ')'} {
		if in.skip(c) {
			return dateToken{tag: tagSymbol, length: 1, value: int(c)}
		}
	}
	if in.isAlphaOrAbove() && !isWhiteSpaceOrLineTerminator(in.ch) {
		var buf [3]uint32
		l := in.readWord(&buf)
		typ, v := lookupKeyword(buf, l)
		return dateToken{tag: typ, length: l, value: v}
	}
	if in.skipWhiteSpace() {
		return dateToken{tag: tagWhiteSpace, length: in.position() - pre, value: -1}
	}
	if in.skipParentheses() {
		return dateToken{tag: tagUnknown, length: 1, value: -1}
	}
	in.next()
	return dateToken{tag: tagUnknown, length: 1, value: -1}
}

func between(x, lo, hi int) bool { return uint32(x-lo) <= uint32(hi-lo) }

type tzComposer struct{ sign, hour, minute int }

func newTZ() tzComposer { return tzComposer{kNone, kNone, kNone} }

func (z *tzComposer) set(offsetHours int) {
	z.sign = 1
	if offsetHours < 0 {
		z.sign = -1
	}
	z.hour = offsetHours * z.sign
	z.minute = 0
}
func (z *tzComposer) setSign(s int) {
	if s < 0 {
		z.sign = -1
	} else {
		z.sign = 1
	}
}
func (z *tzComposer) isExpecting(n int) bool {
	return z.hour != kNone && z.minute == kNone && isMinute(n)
}
func (z *tzComposer) isUTC() bool   { return z.hour == 0 && z.minute == 0 }
func (z *tzComposer) isEmpty() bool { return z.hour == kNone }

// write returns the UTC offset in seconds, or hasOffset=false.
func (z *tzComposer) write() (offset int, hasOffset bool, ok bool) {
	if z.sign == kNone {
		return 0, false, true
	}
	if z.hour == kNone {
		z.hour = 0
	}
	if z.minute == kNone {
		z.minute = 0
	}
	total := uint32(z.hour)*3600 + uint32(z.minute)*60
	if total > math.MaxInt32 {
		return 0, false, false
	}
	t := int(total)
	if z.sign < 0 {
		t = -t
	}
	return t, true, true
}

func isMinute(x int) bool      { return between(x, 0, 59) }
func isHour(x int) bool        { return between(x, 0, 23) }
func isSecond(x int) bool      { return between(x, 0, 59) }
func isHour12(x int) bool      { return between(x, 0, 12) }
func isMillisecond(x int) bool { return between(x, 0, 999) }
func isMonth(x int) bool       { return between(x, 1, 12) }
func isDay(x int) bool         { return between(x, 1, 31) }

type timeComposer struct {
	comp       [4]int
	index      int
	hourOffset int
}

func (c *timeComposer) isEmpty() bool { return c.index == 0 }
func (c *timeComposer) isExpecting(n int) bool {
	return (c.index == 1 && isMinute(n)) || (c.index == 2 && isSecond(n)) || (c.index == 3 && isMillisecond(n))
}
func (c *timeComposer) add(n int) bool {
	if c.index < 4 {
		c.comp[c.index] = n
		c.index++
		return true
	}
	return false
}
func (c *timeComposer) addFinal(n int) bool {
	if !c.add(n) {
		return false
	}
	for c.index < 4 {
		c.comp[c.index] = 0
		c.index++
	}
	return true
}

func (c *timeComposer) write() (h, m, s, ms int, ok bool) {
	for c.index < 4 {
		c.comp[c.index] = 0
		c.index++
	}
	h, m, s, ms = c.comp[0], c.comp[1], c.comp[2], c.comp[3]
	if c.hourOffset != kNone {
		if !isHour12(h) {
			return 0, 0, 0, 0, false
		}
		h %= 12
		h += c.hourOffset
	}
	if !isHour(h) || !isMinute(m) || !isSecond(s) || !isMillisecond(ms) {
		if h != 24 || m != 0 || s != 0 || ms != 0 {
			return 0, 0, 0, 0, false
		}
	}
	return h, m, s, ms, true
}

type dayComposer struct {
	comp       [3]int
	index      int
	namedMonth int
	isISODate  bool
}

func (d *dayComposer) isEmpty() bool { return d.index == 0 }
func (d *dayComposer) add(n int) bool {
	if d.index < 3 {
		d.comp[d.index] = n
		d.index++
		return true
	}
	return false
}

func (d *dayComposer) write() (year, month, day int, ok bool) {
	if d.index < 1 {
		return 0, 0, 0, false
	}
	for d.index < 3 {
		d.comp[d.index] = 1
		d.index++
	}
	year, month, day = 0, kNone, kNone
	if d.namedMonth == kNone {
		if d.isISODate || (d.index == 3 && !isDay(d.comp[0])) {
			year, month, day = d.comp[0], d.comp[1], d.comp[2]
		} else {
			month, day = d.comp[0], d.comp[1]
			if d.index == 3 {
				year = d.comp[2]
			}
		}
	} else {
		month = d.namedMonth
		if d.index == 1 {
			day = d.comp[0]
		} else if !isDay(d.comp[0]) {
			year, day = d.comp[0], d.comp[1]
		} else {
			day, year = d.comp[0], d.comp[1]
		}
	}
	if !d.isISODate {
		if between(year, 0, 49) {
			year += 2000
		} else if between(year, 50, 99) {
			year += 1900
		}
	}
	if !isMonth(month) || !isDay(day) {
		return 0, 0, 0, false
	}
	return year, month - 1, day, true
}

func readMilliseconds(t dateToken) int {
	number, length := t.value, t.length
	if length < 3 {
		if length == 1 {
			number *= 100
		} else if length == 2 {
			number *= 10
		}
	} else if length > 3 {
		if length > kMaxSignificantDigits {
			length = kMaxSignificantDigits
		}
		factor := 1
		for {
			factor *= 10
			length--
			if length <= 3 {
				break
			}
		}
		number /= factor
	}
	return number
}

type dateFields struct {
	year, month, day, hour, minute, second, ms int
	offset                                     int
	hasOffset                                  bool
}

func parseES5(sc *dateTokenizer, day *dayComposer, tm *timeComposer, tz *tzComposer) dateToken {
	if sc.peek.isAsciiSign() {
		sign := sc.next()
		if !sc.peek.isFixedLengthNumber(6) {
			return sign
		}
		s := sign.asciiSign()
		year := sc.next().value
		if s < 0 && year == 0 {
			return sign
		}
		day.add(s * year)
	} else if sc.peek.isFixedLengthNumber(4) {
		day.add(sc.next().value)
	} else {
		return sc.next()
	}
	if sc.skipSymbol('-') {
		if !sc.peek.isFixedLengthNumber(2) || !isMonth(sc.peek.value) {
			return sc.next()
		}
		day.add(sc.next().value)
		if sc.skipSymbol('-') {
			if !sc.peek.isFixedLengthNumber(2) || !isDay(sc.peek.value) {
				return sc.next()
			}
			day.add(sc.next().value)
		}
	}
	if sc.peek.tag != kwTimeSeparator {
		if !sc.peek.isEnd() {
			return sc.next()
		}
	} else {
		sc.next()
		invalid := dateToken{tag: tagInvalid, value: -1}
		if !sc.peek.isFixedLengthNumber(2) || !between(sc.peek.value, 0, 24) {
			return invalid
		}
		hourIs24 := sc.peek.value == 24
		tm.add(sc.next().value)
		if !sc.skipSymbol(':') {
			return invalid
		}
		if !sc.peek.isFixedLengthNumber(2) || !isMinute(sc.peek.value) || (hourIs24 && sc.peek.value > 0) {
			return invalid
		}
		tm.add(sc.next().value)
		if sc.skipSymbol(':') {
			if !sc.peek.isFixedLengthNumber(2) || !isSecond(sc.peek.value) || (hourIs24 && sc.peek.value > 0) {
				return invalid
			}
			tm.add(sc.next().value)
			if sc.skipSymbol('.') {
				if !sc.peek.isNumber() || (hourIs24 && sc.peek.value > 0) {
					return invalid
				}
				tm.add(readMilliseconds(sc.next()))
			}
		}
		if sc.peek.isKeywordZ() {
			sc.next()
			tz.set(0)
		} else if sc.peek.isSym('+') || sc.peek.isSym('-') {
			if sc.next().value == '+' {
				tz.setSign(1)
			} else {
				tz.setSign(-1)
			}
			if sc.peek.isFixedLengthNumber(4) {
				hm := sc.next().value
				h, m := hm/100, hm%100
				if !isHour(h) || !isMinute(m) {
					return invalid
				}
				tz.hour, tz.minute = h, m
			} else {
				if !sc.peek.isFixedLengthNumber(2) || !isHour(sc.peek.value) {
					return invalid
				}
				tz.hour = sc.next().value
				if !sc.skipSymbol(':') {
					return invalid
				}
				if !sc.peek.isFixedLengthNumber(2) || !isMinute(sc.peek.value) {
					return invalid
				}
				tz.minute = sc.next().value
			}
		}
		if !sc.peek.isEnd() {
			return invalid
		}
	}
	if tz.isEmpty() && tm.isEmpty() {
		tz.set(0)
	}
	day.isISODate = true
	return dateToken{tag: tagEnd, value: -1}
}

func parseDateFields(in []uint16) (dateFields, bool) {
	r := &dateReader{in: in}
	r.next()
	sc := newTokenizer(r)
	tz := newTZ()
	tm := timeComposer{hourOffset: kNone}
	day := dayComposer{namedMonth: kNone}
	var f dateFields

	tok := parseES5(sc, &day, &tm, &tz)
	if tok.isInvalid() {
		return f, false
	}
	hasReadNumber := !day.isEmpty()
	for ; !tok.isEnd(); tok = sc.next() {
		switch {
		case tok.isNumber():
			hasReadNumber = true
			n := tok.value
			if sc.skipSymbol(':') {
				if sc.skipSymbol(':') {
					if !tm.isEmpty() {
						return f, false
					}
					tm.add(n)
					tm.add(0)
				} else {
					if !tm.add(n) {
						return f, false
					}
					if sc.peek.isSym('.') {
						sc.next()
					}
				}
			} else if sc.peek.isSym('.') && tm.isExpecting(n) {
				sc.skipSymbol('.')
				tm.add(n)
				if !sc.peek.isNumber() {
					return f, false
				}
				ms := readMilliseconds(sc.next())
				if ms < 0 {
					return f, false
				}
				tm.addFinal(ms)
			} else if sc.skipSymbol('.') {
				// V8 consumed the '.' in the condition above even when the
				// time was not expecting n; continue with the checks below.
				if !handleNumberRest(sc, &tz, &tm, &day, n) {
					return f, false
				}
			} else if !handleNumberRest(sc, &tz, &tm, &day, n) {
				return f, false
			}
		case tok.isKeyword():
			typ, value := tok.tag, tok.value
			if typ == kwAmPm && !tm.isEmpty() {
				tm.hourOffset = value
			} else if typ == kwMonthName {
				day.namedMonth = value
				sc.skipSymbol('-')
			} else if typ == kwTimeZoneName && hasReadNumber {
				tz.set(value)
			} else {
				if hasReadNumber {
					return f, false
				}
				if sc.peek.isNumber() {
					return f, false
				}
			}
		case tok.isAsciiSign() && (tz.isUTC() || !tm.isEmpty()):
			tz.setSign(tok.asciiSign())
			n, length := 0, 0
			if sc.peek.isNumber() {
				t := sc.next()
				length, n = t.length, t.value
			}
			hasReadNumber = true
			if sc.peek.isSym(':') {
				tz.hour = n
				tz.minute = kNone
			} else if length == 2 || length == 1 {
				tz.hour, tz.minute = n, 0
			} else if length == 4 || length == 3 {
				tz.hour, tz.minute = n/100, n%100
			} else {
				return f, false
			}
		case (tok.isAsciiSign() || tok.isSym(')')) && hasReadNumber:
			return f, false
		}
	}
	var ok bool
	if f.year, f.month, f.day, ok = day.write(); !ok {
		return f, false
	}
	if f.hour, f.minute, f.second, f.ms, ok = tm.write(); !ok {
		return f, false
	}
	if f.offset, f.hasOffset, ok = tz.write(); !ok {
		return f, false
	}
	return f, true
}

func handleNumberRest(sc *dateTokenizer, tz *tzComposer, tm *timeComposer, day *dayComposer, n int) bool {
	if tz.isExpecting(n) {
		tz.minute = n
	} else if tm.isExpecting(n) {
		tm.addFinal(n)
		p := sc.peek
		if !p.isEnd() && !p.isWhiteSpace() && !p.isKeywordZ() && !p.isAsciiSign() {
			return false
		}
	} else {
		if !day.add(n) {
			return false
		}
		sc.skipSymbol('-')
	}
	return true
}

const (
	maxTimeInMs          = 8.64e15
	maxTimeBeforeUTCInMs = maxTimeInMs + 864e6
	msPerDay             = 86400000.0
)

// makeDay is the spec's MakeDay for integer arguments.
func makeDay(year, month, day int) float64 {
	if year < -1000000 || year > 1000000 {
		return math.NaN()
	}
	y := year + month/12
	m := month % 12
	if m < 0 {
		m += 12
		y--
	}
	days := time.Date(y, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC).Unix() / 86400
	return float64(days) + float64(day) - 1
}

// parseTimeValue is new Date(s).getTime(): the time value in ms, or NaN.
func parseTimeValue(s string, loc *time.Location) float64 {
	f, ok := parseDateFields(toUnits(s))
	if !ok {
		return math.NaN()
	}
	date := makeDay(f.year, f.month, f.day)*msPerDay +
		float64(f.hour)*3.6e6 + float64(f.minute)*6e4 + float64(f.second)*1e3 + float64(f.ms)
	if date != date {
		return date
	}
	if !f.hasOffset {
		if date < -maxTimeBeforeUTCInMs || date > maxTimeBeforeUTCInMs {
			return math.NaN()
		}
		date = localToUTC(int64(date), loc)
	} else {
		date -= float64(f.offset) * 1000
		if date < -maxTimeInMs || date > maxTimeInMs {
			return math.NaN()
		}
	}
	return timeClip(date)
}

func timeClip(t float64) float64 {
	if math.IsInf(t, 0) || t != t || math.Abs(t) > maxTimeInMs {
		return math.NaN()
	}
	return math.Trunc(t) + 0
}

func offsetAt(utcMs int64, loc *time.Location) int64 {
	_, off := time.UnixMilli(utcMs).In(loc).Zone()
	return int64(off) * 1000
}

// localToUTC converts a local wall-clock time value to UTC as V8 with ICU
// does (UCAL_TZ_LOCAL_FORMER): a repeated wall time is taken at its first
// occurrence, a skipped one with the offset in force before the transition.
func localToUTC(local int64, loc *time.Location) float64 {
	before := offsetAt(local-2*86400000, loc)
	after := offsetAt(local+2*86400000, loc)
	if before == after {
		off := offsetAt(local-before, loc)
		return float64(local - off)
	}
	if offsetAt(local-before, loc) == before {
		return float64(local - before)
	}
	if offsetAt(local-after, loc) == after {
		return float64(local - after)
	}
	return float64(local - before)
}

func toUnits(s string) []uint16 {
	var out []uint16
	for _, r := range s {
		if r >= 0x10000 {
			a, b := utf16.EncodeRune(r)
			out = append(out, uint16(a), uint16(b))
		} else {
			out = append(out, uint16(r))
		}
	}
	return out
}
