package js

// JavaScript's conversions between numbers and strings, as ECMAScript specifies them
// (Number.prototype.toString, ToNumber, the white space String.prototype.trim removes).

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// FormatNumber is Number.prototype.toString() (radix 10): the shortest digits that round-trip, in
// plain notation from 1e-6 up to 1e21 and exponential notation outside.
func FormatNumber(f float64) string {
	switch {
	case f != f:
		return "NaN"
	case f == 0:
		return "0"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	sign := ""
	if f < 0 {
		sign = "-"
		f = -f
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	e := strings.IndexByte(s, 'e')
	digits := strings.Replace(s[:e], ".", "", 1)
	exp, _ := strconv.Atoi(s[e+1:])
	k := len(digits)
	n := exp + 1
	var out string
	switch {
	case k <= n && n <= 21:
		out = digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		out = digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		out = "0." + strings.Repeat("0", -n) + digits
	default:
		es := "+"
		if n-1 < 0 {
			es = "-"
		}
		ev := n - 1
		if ev < 0 {
			ev = -ev
		}
		if k == 1 {
			out = digits + "e" + es + strconv.Itoa(ev)
		} else {
			out = digits[:1] + "." + digits[1:] + "e" + es + strconv.Itoa(ev)
		}
	}
	return sign + out
}

// IsSpace reports whether r is JavaScript white space or a line terminator.
func IsSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xA0, 0xFEFF, 0x2028, 0x2029:
		return true
	}
	return unicode.Is(unicode.Zs, r)
}

// ToNumber is ToNumber applied to a string: white space trimmed, "" is 0, decimal literals,
// Infinity and 0x/0o/0b literals; anything else is NaN.
func ToNumber(s string) float64 {
	s = strings.TrimFunc(s, IsSpace)
	if s == "" {
		return 0
	}
	if len(s) > 2 && s[0] == '0' {
		base := 0
		switch s[1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
		if base != 0 {
			v := 0.0
			for _, c := range s[2:] {
				d := digitVal(c)
				if d < 0 || d >= base {
					return math.NaN()
				}
				v = v*float64(base) + float64(d)
			}
			if base == 16 && len(s) > 15 {
				// exact value for long hex literals
				if u, err := strconv.ParseUint(s[2:], 16, 64); err == nil {
					return float64(u)
				}
				if f, err := strconv.ParseFloat("0x"+s[2:]+"p0", 64); err == nil {
					return f
				}
			}
			return v
		}
	}
	n := DecimalPrefix(s)
	if n != len(s) || n == 0 {
		return math.NaN()
	}
	return ParseDecimal(s)
}

// digitVal is the value of a digit of bases up to 36, -1 for anything else.
func digitVal(c rune) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return -1
}

// DecimalPrefix returns the length of the longest prefix of s that is a
// StrDecimalLiteral ([+-] Infinity | digits [. digits] [e [+-] digits] | . digits ...).
func DecimalPrefix(s string) int {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	if strings.HasPrefix(s[i:], "Infinity") {
		return i + len("Infinity")
	}
	start := i
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		j := i + 1
		frac := 0
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
			frac++
		}
		if digits > 0 || frac > 0 {
			i = j
			digits += frac
		}
	}
	if digits == 0 {
		_ = start
		return 0
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > j {
			i = k
		}
	}
	return i
}

// ParseDecimal reads a StrDecimalLiteral (as DecimalPrefix measures one) as a double.
func ParseDecimal(s string) float64 {
	t := s
	neg := false
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg = t[0] == '-'
		t = t[1:]
	}
	var f float64
	if t == "Infinity" {
		f = math.Inf(1)
	} else {
		var err error
		f, err = strconv.ParseFloat(t, 64)
		if err != nil && !isRangeErr(err) {
			return math.NaN()
		}
	}
	if neg {
		f = -f
	}
	return f
}

func isRangeErr(err error) bool {
	var ne *strconv.NumError
	return errors.As(err, &ne) && ne.Err == strconv.ErrRange
}
