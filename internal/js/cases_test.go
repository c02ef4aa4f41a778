package js

import (
	"math"
	"testing"
)

// The expected values are what Node 20 prints for the same values.

func TestJSNumberString(t *testing.T) {
	point1, point2 := 0.1, 0.2 // not constants: their sum is rounded as doubles
	for _, tc := range []struct {
		f    float64
		want string
	}{
		{1e21, "1e+21"},
		{123456789012345680000, "123456789012345680000"},
		{0.000001, "0.000001"},
		{1e-7, "1e-7"},
		{1.5e-7, "1.5e-7"},
		{point1 + point2, "0.30000000000000004"},
		{100, "100"},
		{12.5, "12.5"},
		{5e-324, "5e-324"},
		{1.7976931348623157e308, "1.7976931348623157e+308"},
		{math.Copysign(0, -1), "0"},
		{1 << 53, "9007199254740992"},
		{1e301, "1e+301"},
		{123e-20, "1.23e-18"},
		{-2.5, "-2.5"},
		{math.Inf(1), "Infinity"},
		{math.NaN(), "NaN"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			if got := FormatNumber(tc.f); got != tc.want {
				t.Errorf("FormatNumber(%v) = %q, want %q", tc.f, got, tc.want)
			}
		})
	}
}

func TestJSToNumber(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		s    string
		want float64
	}{
		{"3", 3}, {" 3 ", 3}, {"", 0}, {"0x10", 16}, {"1e3", 1000}, {".5", 0.5}, {"5.", 5},
		{"Infinity", math.Inf(1)}, {"-Infinity", math.Inf(-1)}, {"+5", 5}, {"abc", nan},
		{"1_000", nan}, {"0x", nan}, {"-0x10", nan}, {"inf", nan}, {"1e", nan},
		{"\u00a03\ufeff", 3}, {"0b101", 5}, {"0o17", 15}, {"+.5e-1", 0.05}, {".", nan},
		{"NaN", nan}, {"0x1p3", nan}, {"1e400", math.Inf(1)},
	} {
		t.Run(tc.s, func(t *testing.T) {
			got := ToNumber(tc.s)
			if got != tc.want && !(math.IsNaN(got) && math.IsNaN(tc.want)) {
				t.Errorf("ToNumber(%q) = %v, want %v", tc.s, got, tc.want)
			}
		})
	}
}

func TestJSString(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{`"b1"`, "b1"},
		{`12.50`, "12.5"},
		{`1e21`, "1e+21"},
		{`true`, "true"},
		{`null`, "null"},
		{``, "undefined"},
		{`{"a":1}`, "[object Object]"},
		{`[1,null,[2,3],{"a":1},"x",true,[null,[null]]]`, "1,,2,3,[object Object],x,true,,"},
		{`"a\u0000\"b"`, "a\x00\"b"},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			if got := String([]byte(tc.raw)); got != tc.want {
				t.Errorf("String(%s) = %q, want %q", tc.raw, got, tc.want)
			}
		})
	}
}

func TestJSTruthy(t *testing.T) {
	for raw, want := range map[string]bool{
		``: false, `null`: false, `false`: false, `0`: false, `-0`: false, `0.0e5`: false, `""`: false,
		`1e-400`: false, // underflows to 0, as JSON.parse reads it
		`true`:   true, `1`: true, `"0"`: true, `" "`: true, `{}`: true, `[]`: true, ` [ ] `: true,
	} {
		if got := RawTruthy([]byte(raw)); got != want {
			t.Errorf("RawTruthy(%s) = %v, want %v", raw, got, want)
		}
	}
}

func TestMember(t *testing.T) {
	for _, tc := range []struct{ raw, key, want string }{
		{`{"_id":"a","_id":"b"}`, "_id", `"b"`}, // the last, as JSON.parse keeps
		{`{"a":{"_id":1}}`, "_id", ``},
		{`[{"_id":1}]`, "_id", ``},
		{`"_id"`, "_id", ``},
		{`{"x":1,"_id":[1,2]}`, "_id", `[1,2]`},
		{`{"x":`, "_id", ``},
	} {
		if got := string(Field([]byte(tc.raw), tc.key)); got != tc.want {
			t.Errorf("Field(%s, %s) = %s, want %s", tc.raw, tc.key, got, tc.want)
		}
	}
}
