package querydiff

import (
	"encoding/json"
	"errors"
	"math/rand"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/flexgo/flexgo/core/kinveydate"
	"github.com/flexgo/flexgo/internal/testenv"
)

var dateStrings = []string{
	"", " ", "abc", "not a date", "2024", "2024-03", "2024-03-05", "2024-3-5", "2024-03-05T10:00", "2024-03-05T10:00:00",
	"2024-03-05T10:00:00Z", "2024-03-05T10:00:00.123Z", "2024-03-05T10:00:00.1Z", "2024-03-05T10:00:00.123456Z",
	"2024-03-05T10:00:00+01:00", "2024-03-05T10:00:00-0530", "2024-03-05T24:00:00Z", "2024-03-05T24:00:01Z",
	"2024-03-05T25:00Z", "2024-02-30", "2024-02-31T00:00:00Z", "2024-13-01", "2024-00-01", "+002024-03-05",
	"-000001-01-01T00:00:00Z", "-000000-01-01", "+275760-09-13T00:00:00Z", "+275760-09-13T00:00:00.001Z",
	"-271821-04-20T00:00:00Z", "-271821-04-19T23:59:59.999Z", "0000-01-01", "9999-12-31T23:59:59.999Z",
	"1970-01-01T00:00:00.000Z", "2024-03-05 10:00", "2024-03-05 10:00:00 GMT", "2024-03-05T10:00:00 Z",
	"2024-03-05t10:00:00z", "Tue Mar 05 2024 10:00:00 GMT+0100 (Central European Standard Time)",
	"Tue, 05 Mar 2024 10:00:00 GMT", "Tue, 05 Mar 2024 10:00:00 +0000", "05 Mar 2024 10:00:00 EST",
	"Mar 5, 2024", "March 5, 2024 10:00 PM", "March 5, 2024 12:00 AM", "5 March 2024", "2024 March 5",
	"3/5/2024", "3/5/24", "3/5/49", "3/5/50", "12/31/1999 23:59:59", "1/2/3", "2024/03/05", "2024/03/05 10:00:00",
	"Thu Jan 01 1970 00:00:00 GMT+0000", "Jan 1 1970 00:00:00 UTC", "Jan 1 1970 UT", "1 Jan 1970 00:00 PST",
	"Jan 1 1970 00:00 PDT", "Jan 1 1970 MST", "Jan 1 1970 CDT", "Jan 1 1970 EDT", "Jan 1 1970 10:00 pm",
	"Jan 1 1970 13:00 pm", "Jan 1 1970 10:00:00.5", "Jan 1 1970 10.30", "10:00 Jan 1 1970", "Jan 1 1970 GMT+5",
	"Jan 1 1970 GMT-0830", "Jan 1 1970 GMT+05:30", "Jan 1 1970 +0100", "Jan 1970", "January", "Sat", "Saturday, 1 Jan 2000",
	"2000-01-01T00:00:00.000+00:00", "2000-01-01T00:00:00.000+24:00", "(comment) Jan 1 2000", "Jan (x) 1 2000",
	"Jan 1 2000 (unbalanced", "Jan 1 2000)", "Jan 1 2000 -", "1e3", "12", "1000", "99999", "20240305", "2024-03-05T10:00:00.000Z ",
	" 2024-03-05", "2024-03-05\t", "Jan\u00a01 2000", "Jan 1 2000\u3000", "Jan 1, 2000 10:00:00 a.m.", "noon Jan 1 2000",
	"Jan 1 2000 10::", "Jan 1 2000 10:20:", "Jan 1 2000 1:2:3:4", "2024-03-05T10:00:00+0100", "2024-03-05T10:00:00+01",
	"2024-03-10T02:30:00", "2024-11-03T01:30:00", "2024-03-31T02:30:00", "2024-10-27T02:30:00", "1900-01-01T00:00:00",
	"1800-06-15T12:00:00", "2050-07-01T12:00:00", "3/10/2024 2:30 AM", "Jun 15 1850", "ISODate(\"x\")", "Jan 32 2000",
	"Feb 29 2023", "2000-01-01T00:00:00.000Z\x00junk", "Mon, 32 Jan 2000", "Jan 1 -2000", "Jan 1 2000 T10:00",
	"T10:00", "2000-01-01T", "2000-01-01Tx", "2000-01-01T10", "2000-01-01T10:0", "\u0661\u0669\u0667\u0660",
}

func dateInputs() []any {
	var in []any
	for _, s := range dateStrings {
		in = append(in, s)
	}
	r := rand.New(rand.NewSource(11))
	parts := []string{"2024", "-", "03", "05", "T", "10", ":", "00", ".", "5", "Z", "+", "01", " ", "Mar", "pm", "GMT",
		"(", ")", "/", "12", "1", "EST", "UTC", "2", ",", "99", "123456", "Jan"}
	for i := 0; i < 600; i++ {
		s := ""
		for j := 0; j < 1+r.Intn(8); j++ {
			s += parts[r.Intn(len(parts))]
		}
		in = append(in, s)
	}
	return in
}

func dateBatch() []map[string]any {
	var b []map[string]any
	for _, v := range dateInputs() {
		b = append(b, map[string]any{"fn": "to", "input": v})
		if s, ok := v.(string); ok {
			b = append(b, map[string]any{"fn": "from", "input": `ISODate("` + s + `")`})
			if isMomentSafe(s) {
				b = append(b, map[string]any{"fn": "from", "input": `ISODate("` + s + `")`, "format": "moment"})
			}
		}
	}
	for _, ms := range []float64{0, 1e12, -1e12, 253402300799999, 253402300800000, -62167219200001, 8.64e15, -8.64e15} {
		b = append(b, map[string]any{"fn": "to", "input": jsonOf(date{ms: ms})})
	}
	b = append(b, map[string]any{"fn": "to", "input": jsonOf(date{invalid: true})})
	for _, v := range []any{nil, 1.0, true, O(), A(), undef{}, `ISODate("2020")`, `ISODate("garbage`} {
		b = append(b, map[string]any{"fn": "to", "input": jsonOf(v)})
	}
	for _, v := range []any{nil, 1.0, O(), undef{}, "abcd", "2020-01-01", `ISODate("`, `ISODate("abc`, `ISODate("")`,
		`ISODate("2020-01-01")`, `ISODate("2020-01-01"x")`, `ISODate("a"b")`, `isodate("2020")`, `ISODate("2020-01-01T00:00:00Z") `} {
		for _, f := range []any{nil, "date", "string", "moment", "invalid", ""} {
			m := map[string]any{"fn": "from", "input": jsonOf(v)}
			if f != nil {
				m["format"] = f
			}

			b = append(b, m)
		}
	}
	return b
}

// goDate runs one date case in Go and encodes the answer as runner.js does.
func goDate(c map[string]any) any {
	in := c["input"]
	var v any = in
	if m, ok := in.(map[string]any); ok {
		switch {
		case m["$$undefined"] != nil:
			v = nil
		case m["$$date"] != nil:
			if m["$$date"] == "invalid" {
				return "Invalid date"
			}
			v = time.UnixMilli(int64(m["$$date"].(float64)))
		}
	}
	if c["fn"] == "to" {
		if _, isMap := v.(map[string]any); isMap {
			return nil
		}
		s, ok := kinveydate.ToKinveyDateString(v)
		if !ok {
			return nil
		}
		return s
	}
	format, has := c["format"].(string)
	if !has {
		format = "date"
	}
	if _, hasKey := c["format"]; hasKey && !has {
		format = "\x00"
	}
	r, err := kinveydate.FromKinveyDateStringFormat(v, format)
	switch {
	case errors.Is(err, kinveydate.ErrInvalidDate):
		return "Invalid date"
	case errors.Is(err, kinveydate.ErrInvalidFormat):
		return "Invalid Format."
	case errors.Is(err, kinveydate.ErrInvalidTime):
		if format == "moment" {
			return map[string]any{"moment": "invalid"}
		}
		return map[string]any{"$$date": "invalid"}
	}
	switch x := r.(type) {
	case time.Time:
		if format == "moment" {
			return map[string]any{"moment": float64(x.UnixMilli())}
		}
		return map[string]any{"$$date": float64(x.UnixMilli())}
	}
	return r
}

var isoLike = regexp.MustCompile(`^\s*([+-]\d{6}|\d{4})-\d\d(-\d\d)?(T\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-](?:[01]\d|2[0-3]):\d\d)?)?$`)

// isMomentSafe selects the inputs where moment's parser is modelled: ISO
// dates and date-times whose fields exist (moment rejects overflow where
// Date carries it, and has its own rules for other formats: documented).
func isMomentSafe(s string) bool {
	if !isoLike.MatchString(s) {
		return false
	}
	t, err := time.Parse("2006-01-02", s[:min(len(s), 10)])
	return err == nil && !t.IsZero() && !strings.Contains(s, "T24")
}

func TestKinveyDate(t *testing.T) {
	for _, tz := range []string{"UTC", "America/New_York", "Asia/Kolkata", "Europe/London", "Australia/Lord_Howe"} {
		t.Run(tz, func(t *testing.T) {
			loc, err := time.LoadLocation(tz)
			if err != nil {
				testenv.Skip(t, "no zoneinfo for "+tz+": ", err)
			}
			b := batch{Dates: dateBatch()}
			a := runNode(t, b, "TZ="+tz)
			saved := time.Local
			time.Local = loc
			defer func() { time.Local = saved }()
			same := 0
			for i, c := range b.Dates {
				var node struct {
					Result any `json:"result"`
				}
				if err := json.Unmarshal(a.Dates[i], &node); err != nil {
					t.Fatal(err)
				}
				got := canonical(mustJSON(goDate(c)))
				want := canonical(mustJSON(node.Result))
				if got != want {
					t.Errorf("kinveyDate %s(%s, %v) [TZ=%s]: node %s, go %s", c["fn"], mustJSON(c["input"]), c["format"], tz, want, got)
					continue
				}
				same++
			}
			t.Logf("kinveyDate [TZ=%s]: %d/%d conversions identical", tz, same, len(b.Dates))
		})
	}
}
