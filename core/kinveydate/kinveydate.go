package kinveydate

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Answers Node gives as strings.
const (
	// InvalidDate is what Node returns for a date it cannot read
	// ("Invalid date", moment's wording).
	InvalidDate = "Invalid date"
	// InvalidFormat is what fromKinveyDateString returns for an unknown
	// format.
	InvalidFormat = "Invalid Format."
)

var (
	// ErrInvalidDate: the argument is not an ISODate("...") string; Node
	// returns the string "Invalid date".
	ErrInvalidDate = errors.New(InvalidDate)
	// ErrInvalidTime: the text inside ISODate("...") is not a date
	// new Date() can read; Node returns an Invalid Date object.
	ErrInvalidTime = errors.New("Invalid Date")
	// ErrInvalidFormat: the format is not "date", "moment" or "string"; Node
	// returns the string "Invalid Format.".
	ErrInvalidFormat = errors.New(InvalidFormat)
)

// Formats of [FromKinveyDateStringFormat].
const (
	FormatDate   = "date"
	FormatMoment = "moment"
	FormatString = "string"
)

const prefix = `ISODate("`

// maxTime is the largest absolute JavaScript time value, in ms.
const maxTime = 8.64e15

// ToKinveyDateString is Node's toKinveyDateString(date) for a time.Time, a
// *time.Time or a string. ok is false where Node returns null (nil, a nil
// *time.Time, or any other type).
//
// A string already starting with ISODate(" is returned unchanged. Another
// string is read as new Date(string) reads it (see [Parse]); if it is not a
// date the answer is "Invalid date". Otherwise the answer is
// ISODate("<toISOString()>"), for example ISODate("2024-03-05T10:00:00.000Z").
func ToKinveyDateString(date any) (s string, ok bool) {
	switch d := date.(type) {
	case string:
		if strings.HasPrefix(d, prefix) {
			return d, true
		}
		t, valid := Parse(d)
		if !valid {
			return InvalidDate, true
		}
		return FromTime(t), true
	case time.Time:
		return FromTime(d), true
	case *time.Time:
		if d == nil {
			return "", false
		}
		return FromTime(*d), true
	}
	return "", false
}

// FromTime formats t as ISODate("<ISO 8601 UTC, milliseconds>"). A time
// outside JavaScript's Date range (±8.64e15 ms from 1970) is "Invalid date".
// Precision below the millisecond is dropped, as a Date holds milliseconds.
func FromTime(t time.Time) string {
	ms, ok := timeValue(t)
	if !ok {
		return InvalidDate
	}
	return prefix + ISOString(ms) + `")`
}

func timeValue(t time.Time) (float64, bool) {
	ms := float64(t.Unix())*1000 + float64(t.Nanosecond()/1e6)
	if math.Abs(ms) > maxTime {
		return 0, false
	}
	return ms, true
}

// ISOString is Date.prototype.toISOString for a time value in ms:
// YYYY-MM-DDTHH:mm:ss.sssZ, with a signed six-digit year outside 0000-9999.
func ISOString(ms float64) string {
	t := time.UnixMilli(int64(ms)).UTC()
	y := t.Year()
	var ys string
	if y >= 0 && y <= 9999 {
		ys = strconv.Itoa(y)
		ys = strings.Repeat("0", 4-len(ys)) + ys
	} else {
		sign := "+"
		if y < 0 {
			sign, y = "-", -y
		}
		ys = strconv.Itoa(y)
		ys = sign + strings.Repeat("0", max(0, 6-len(ys))) + ys
	}
	return ys + t.Format("-01-02T15:04:05.000Z")
}

// inner returns the text between the first two double quotes of an
// ISODate("...") string, or ErrInvalidDate.
func inner(s string) (string, error) {
	if !strings.HasPrefix(s, prefix) || !strings.HasSuffix(s, `")`) || s == `ISODate("")` {
		return "", ErrInvalidDate
	}
	return strings.Split(s, `"`)[1], nil
}

// FromKinveyDateString is Node's fromKinveyDateString(s) (format "date"): the
// date inside ISODate("..."), read as new Date(text) reads it, in UTC.
// ErrInvalidDate means Node's answer "Invalid date"; ErrInvalidTime means
// Node's answer is an Invalid Date.
func FromKinveyDateString(s string) (time.Time, error) {
	text, err := inner(s)
	if err != nil {
		return time.Time{}, err
	}
	t, ok := Parse(text)
	if !ok {
		return time.Time{}, ErrInvalidTime
	}
	return t, nil
}

// InnerString is Node's fromKinveyDateString(s, "string"): the text inside
// ISODate("..."), not checked to be a date.
func InnerString(s string) (string, error) { return inner(s) }

// FromKinveyDateStringFormat is Node's fromKinveyDateString(v, format) for
// any argument: a non-string v gives ErrInvalidDate; format "date" a
// time.Time (or ErrInvalidTime); "string" the inner text; "moment" the same
// as "date" (Go has no moment objects, and moment's own parsing rules are not
// reproduced: see the package documentation); any other format
// ErrInvalidFormat. Node's default format is "date".
func FromKinveyDateStringFormat(v any, format string) (any, error) {
	s, ok := v.(string)
	if !ok {
		return nil, ErrInvalidDate
	}
	text, err := inner(s)
	if err != nil {
		return nil, err
	}
	switch format {
	case FormatMoment:
		if t, ok, handled := parseMomentISODate(text); handled {
			if !ok {
				return nil, ErrInvalidTime
			}
			return t, nil
		}
		fallthrough
	case FormatDate:
		t, ok := Parse(text)
		if !ok {
			return nil, ErrInvalidTime
		}
		return t, nil
	case FormatString:
		return text, nil
	}
	return nil, ErrInvalidFormat
}

var momentDateOnly = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*([+-]\d{6}|\d{4})-(\d\d)(?:-(\d\d))?\s*$`)
})

// parseMomentISODate handles the one common case where moment(string) and
// new Date(string) disagree: an ISO date without time, which moment reads as
// local midnight (and rejects when the day does not exist) where Date reads
// UTC midnight.
func parseMomentISODate(s string) (t time.Time, ok, handled bool) {
	m := momentDateOnly().FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false, false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d := 1
	if m[3] != "" {
		d, _ = strconv.Atoi(m[3])
	}
	if mo < 1 || mo > 12 || d < 1 || d > time.Date(y, time.Month(mo)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return time.Time{}, false, true
	}
	local := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC).UnixMilli()
	ms := localToUTC(local, time.Local)
	if math.Abs(ms) > maxTime {
		return time.Time{}, false, true
	}
	return time.UnixMilli(int64(ms)).UTC(), true, true
}

// Parse reads s as JavaScript's new Date(s) does in Node 20 (V8's date
// parser): ES5 ISO 8601 strings, and V8's legacy formats such as
// "Tue Mar 05 2024 10:00:00 GMT+0100 (Central European Standard Time)",
// "Tue, 05 Mar 2024 10:00:00 GMT", "March 5, 2024 10:00 PM", "3/5/2024".
// Times without a zone are local to time.Local (ISO date-only forms are UTC,
// as in JavaScript). ok is false where JavaScript gives an Invalid Date.
// The result is in UTC.
func Parse(s string) (t time.Time, ok bool) {
	ms := ParseTimeValue(s)
	if ms != ms {
		return time.Time{}, false
	}
	return time.UnixMilli(int64(ms)).UTC(), true
}

// ParseTimeValue is Date.parse(s): the time value in milliseconds since
// 1970-01-01T00:00:00Z, or NaN.
func ParseTimeValue(s string) float64 { return parseTimeValue(s, time.Local) }
