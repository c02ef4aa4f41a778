package js

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	for _, tt := range []struct {
		f    float64
		want string
	}{{0, "0"}, {math.Copysign(0, -1), "0"}, {1, "1"}, {-1.5, "-1.5"}, {1e21, "1e+21"}, {1e20, "100000000000000000000"},
		{0.1, "0.1"}, {1e-6, "0.000001"}, {1e-7, "1e-7"}, {1.5e-7, "1.5e-7"}, {123456789.125, "123456789.125"},
		{5e-324, "5e-324"}, {math.MaxFloat64, "1.7976931348623157e+308"}, {math.NaN(), "NaN"}, {math.Inf(-1), "-Infinity"}} {
		t.Run(tt.want, func(t *testing.T) {
			if got := FormatNumber(tt.f); got != tt.want {
				t.Errorf("FormatNumber(%v) = %q, want %q", tt.f, got, tt.want)
			}
		})
	}
}

func TestFromString(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want float64
	}{{"", 0}, {" 12 ", 12}, {"1e3", 1000}, {"0x1F", 31}, {"0X1f", 31}, {"0o17", 15}, {"0b101", 5}, {"0b2", math.NaN()},
		{"0x", math.NaN()}, {"1.5abc", math.NaN()}, {"Infinity", math.Inf(1)}, {"-Infinity", math.Inf(-1)},
		{"-.5", -0.5}, {"5.", 5}, {".", math.NaN()}, {"1e", math.NaN()}, {"1e400", math.Inf(1)}, {"\u00a0\u20287\ufeff", 7},
		{"+-1", math.NaN()}, {"1_0", math.NaN()}, {"NaN", math.NaN()}, {"0x20000000000001", 9007199254740993}} {
		t.Run(tt.s, func(t *testing.T) {
			got := ToNumber(tt.s)
			if got != tt.want && !(got != got && tt.want != tt.want) {
				t.Errorf("ToNumber(%q) = %v, want %v", tt.s, got, tt.want)
			}
		})
	}
}

// FuzzRoundTrip: FromString reads back what String writes, and reads plain decimals as
// strconv.ParseFloat does.
func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{"3", " 3 ", "0x10", "1e21", "-0", ".5", "5.", "Infinity", "1_0", "NaN", "0b2"} {
		f.Add(s, 1.5)
	}
	f.Fuzz(func(t *testing.T, s string, x float64) {
		n := ToNumber(s)
		if body := strings.TrimLeft(s, "+-"); len(s)-len(body) <= 1 && body != "" &&
			!strings.HasPrefix(body, "Infinity") && DecimalPrefix(body) == len(body) {
			if f, err := strconv.ParseFloat(s, 64); err == nil && f != n {
				t.Fatalf("ToNumber(%q) = %v, ParseFloat %v", s, n, f)
			}
		}
		str := FormatNumber(x)
		if back := ToNumber(str); back != x && !(math.IsNaN(x) && math.IsNaN(back)) {
			t.Fatalf("FormatNumber(%v) = %q reads back as %v", x, str, back)
		}
	})
}
