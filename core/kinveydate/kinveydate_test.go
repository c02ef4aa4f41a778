package kinveydate

import (
	"errors"
	"testing"
	"time"

	"github.com/flexgo/flexgo/internal/testenv"
)

func TestToKinveyDateString(t *testing.T) {
	utc := time.UTC
	saved := time.Local
	time.Local = utc
	defer func() { time.Local = saved }()
	ts := time.Date(2024, 3, 5, 10, 0, 0, 123456789, utc)
	tests := []struct {
		name string
		in   any
		want string
		ok   bool
	}{
		{"nil", nil, "", false},
		{"number", 1, "", false},
		{"time", ts, `ISODate("2024-03-05T10:00:00.123Z")`, true},
		{"nil *time", (*time.Time)(nil), "", false},
		{"already", `ISODate("whatever`, `ISODate("whatever`, true},
		{"iso string", "2024-03-05T10:00:00.123Z", `ISODate("2024-03-05T10:00:00.123Z")`, true},
		{"date only is UTC", "2024-03-05", `ISODate("2024-03-05T00:00:00.000Z")`, true},
		{"rfc 2822", "Tue, 05 Mar 2024 10:00:00 +0100", `ISODate("2024-03-05T09:00:00.000Z")`, true},
		{"toString", "Tue Mar 05 2024 10:00:00 GMT-0500 (Eastern Standard Time)", `ISODate("2024-03-05T15:00:00.000Z")`, true},
		{"us", "3/5/24 10:00 PM EST", `ISODate("2024-03-06T03:00:00.000Z")`, true},
		{"overflow", "2024-02-31", `ISODate("2024-03-02T00:00:00.000Z")`, true},
		{"big year", "+010000-01-01T00:00:00Z", `ISODate("+010000-01-01T00:00:00.000Z")`, true},
		{"garbage", "not a date", InvalidDate, true},
		{"out of range", "+275760-09-13T00:00:00.001Z", InvalidDate, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ToKinveyDateString(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("ToKinveyDateString(%v) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestFromKinveyDateString(t *testing.T) {
	tests := []struct {
		in     any
		format string
		want   any
		err    error
	}{
		{nil, "date", nil, ErrInvalidDate},
		{"abcd", "date", nil, ErrInvalidDate},
		{`ISODate("`, "date", nil, ErrInvalidDate},
		{`ISODate("")`, "date", nil, ErrInvalidDate},
		{`ISODate("abc")`, "date", nil, ErrInvalidTime},
		{`ISODate("2020-01-01T00:00:00.000Z")`, "date", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), nil},
		{`ISODate("2020-01-01T00:00:00.000Z")`, "string", "2020-01-01T00:00:00.000Z", nil},
		{`ISODate("a"b")`, "string", "a", nil},
		{`ISODate("2020")`, "x", nil, ErrInvalidFormat},
	}
	for _, tt := range tests {
		t.Run(fmtAny(tt.in)+"/"+tt.format, func(t *testing.T) {
			got, err := FromKinveyDateStringFormat(tt.in, tt.format)
			if !errors.Is(err, tt.err) || (tt.err == nil && got != tt.want) {
				t.Errorf("got %v, %v; want %v, %v", got, err, tt.want, tt.err)
			}
		})
	}
}

func fmtAny(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return "<nil>"
}

func TestLocalTimes(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		testenv.Skip(t, err)
	}
	saved := time.Local
	time.Local = ny
	defer func() { time.Local = saved }()
	for _, tt := range []struct{ in, want string }{
		{"2024-01-15T12:00:00", "2024-01-15T17:00:00.000Z"},
		{"2024-03-10T02:30:00", "2024-03-10T07:30:00.000Z"}, // skipped: offset before
		{"2024-11-03T01:30:00", "2024-11-03T05:30:00.000Z"}, // repeated: first
		{"2024-01-15", "2024-01-15T00:00:00.000Z"},
	} {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := Parse(tt.in)
			if !ok || ISOString(float64(got.UnixMilli())) != tt.want {
				t.Errorf("Parse(%q) = %v, %v; want %s", tt.in, got, ok, tt.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"2024-03-05T10:00:00.123Z", "Tue Mar 05 2024 10:00:00 GMT+0100 (CET)", "3/5/24", "Jan 1 2000 10:00 pm",
		"+275760-09-13", "(", "2024-03-05T24:00", "Mar 5 2024 GMT-0830", "12:00:00.5 1/2/2000"} {
		f.Add(s)
	}
	saved := time.Local
	time.Local = time.UTC
	defer func() { time.Local = saved }()
	f.Fuzz(func(t *testing.T, s string) {
		ms := ParseTimeValue(s)
		if ms != ms {
			return
		}
		if ms < -maxTime || ms > maxTime || ms != float64(int64(ms)) {
			t.Fatalf("Date.parse(%q) = %v is not a valid time value", s, ms)
		}
		iso := ISOString(ms)
		if back := ParseTimeValue(iso); back != ms {
			t.Fatalf("%q -> %s -> %v, want %v", s, iso, back, ms)
		}
		k, ok := ToKinveyDateString(s)
		if !ok || k != `ISODate("`+iso+`")` {
			t.Fatalf("ToKinveyDateString(%q) = %q", s, k)
		}
		if got, err := FromKinveyDateString(k); err != nil || float64(got.UnixMilli()) != ms {
			t.Fatalf("FromKinveyDateString(%q) = %v, %v", k, got, err)
		}
	})
}
