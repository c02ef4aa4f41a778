package query

import (
	"github.com/flexgo/flexgo/internal/js"

	"errors"
	"math"
	"net/url"
	"reflect"
	"testing"
	"time"
)

func TestToQueryString(t *testing.T) {
	tests := []struct {
		name string
		q    *Query
		want []Param
	}{
		{"empty", New(), nil},
		{"equalTo", New().EqualTo("name", "tests"), []Param{{"query", `{"name":"tests"}`}}},
		{"numbers", New().EqualTo("a", 1e21).EqualTo("b", 0.1).EqualTo("c", math.Copysign(0, -1)).EqualTo("d", 7),
			[]Param{{"query", `{"a":1e+21,"b":0.1,"c":0,"d":7}`}}},
		{"index keys first", New().EqualTo("b", 1).EqualTo("2", 2).EqualTo("10", 3), []Param{{"query", `{"2":2,"10":3,"b":1}`}}},
		{"undefined member", New().EqualTo("a", Undefined), []Param{{"query", `{}`}}},
		{"gt kept by contains", New().GreaterThan("f", "x").Contains("f", []string{"y"}), []Param{{"query", `{"f":{"$gt":"x","$in":["y"]}}`}}},
		{"all params", New().EqualTo("a", 1).Fields("x", "y").Limit(10).Skip(5).Ascending("a"),
			[]Param{{"query", `{"a":1}`}, {"fields", "x,y"}, {"limit", "10"}, {"skip", "5"}, {"sort", `{"a":1}`}}},
		{"limit string", New().SetLimit("3"), []Param{{"limit", "3"}}},
		{"limit 0 omitted", New().Limit(0), nil},
		{"skip 0 omitted", New().Skip(0), nil},
		{"and", New().EqualTo("field1", "value1").And(New().EqualTo("field2", "value2")),
			[]Param{{"query", `{"$and":[{"field1":"value1"},{"field2":"value2"}]}`}}},
		{"matches", New().Matches("n", "^a/b", MatchOptions{Multiline: Bool(true)}), []Param{{"query", `{"n":{"$regex":"^a\\/b","$options":"m"}}`}}},
		{"escaping", New().EqualTo("s", "<\u2028>\x01\"\\"), []Param{{"query", "{\"s\":\"<\u2028>\\u0001\\\"\\\\\"}"}}},
		{"date", New().EqualTo("d", time.UnixMilli(0)), []Param{{"query", `{"d":"1970-01-01T00:00:00.000Z"}`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.q.Err(); err != nil {
				t.Fatal(err)
			}
			if got := tt.q.Params(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Params() = %q, want %q", got, tt.want)
			}
			want := url.Values{}
			for _, p := range tt.want {
				want.Set(p.Key, p.Value)
			}
			if got := tt.q.ToQueryString(); !reflect.DeepEqual(got, want) {
				t.Errorf("ToQueryString() = %v, want %v", got, want)
			}
		})
	}
}

func TestPrecedence(t *testing.T) {
	q := New()
	q.Exists("A").And().Exists("B").Nor().Exists("C")
	want := `{"$nor":[{"$and":[{"A":{"$exists":true}},{"B":{"$exists":true}}]},{"C":{"$exists":true}}]}`
	if got := q.Params()[0].Value; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	child := New().And()
	child.Limit(10).Ascending("x")
	if p := child.PlainObject(); p.Limit != 10.0 || len(p.Sort) != 1 {
		t.Errorf("limit and sort should go to the top-level query: %+v", p)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name  string
		q     *Query
		debug string
	}{
		{"gt null", New().GreaterThan("a", nil), "You must supply a number or string."},
		{"lte object", New().LessThanOrEqualTo("a", map[string]any{}), "You must supply a number or string."},
		{"fields", New().SetFields(map[string]any{}), "fields must be an Array"},
		{"limit", New().SetLimit(true), "limit must be a number"},
		{"skip", New().SetSkip(nil), "skip must be a number"},
		{"sort", New().SetSort("x"), "sort must an Object"},
		{"ignoreCase", New().Matches("a", "^x", MatchOptions{IgnoreCase: Bool(true)}), "ignoreCase is not supported."},
		{"anchor", New().Matches("a", "x"), "regExp must have `^` at the beginning of the expression to make it an anchored expression."},
		{"near", New().Near("a", []float64{1}), "coord must be a [number, number]"},
		{"box", New().WithinBox("a", []float64{0, 1}, []float64{1, 1}), "bottomLeftCoord must be a [number, number]"},
		{"polygon", New().WithinPolygon("a", make([][]float64, 4)), "coords must be [[number, number]]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var qe *Error
			if !errors.As(tt.q.Err(), &qe) || qe.Debug != tt.debug {
				t.Fatalf("Err() = %v, want QueryError %q", tt.q.Err(), tt.debug)
			}
		})
	}
	q := New().EqualTo("a", nil).GreaterThan("a", 1)
	var je *JSError
	if !errors.As(q.Err(), &je) || je.Name != "TypeError" {
		t.Errorf("gt on a null member: %v", q.Err())
	}
	q = New().GreaterThan("a", true).EqualTo("b", 1)
	if len(q.Params()) != 0 {
		t.Errorf("calls after an error must do nothing: %v", q.Params())
	}
}

func TestStringToNumber(t *testing.T) {
	for _, tt := range []struct {
		s           string
		num, parsed float64
	}{{"", 0, math.NaN()}, {" 12 ", 12, 12}, {"1e3", 1000, 1000}, {"0x1F", 31, 0}, {"1.5abc", math.NaN(), 1.5},
		{"Infinity", math.Inf(1), math.Inf(1)}, {"-.5", -0.5, -0.5}, {".", math.NaN(), math.NaN()}, {"1e", math.NaN(), 1},
		{"\u00a0\u20287", 7, 7}, {"0b101", 5, 0}, {"+-1", math.NaN(), math.NaN()}} {
		t.Run(tt.s, func(t *testing.T) {
			if got := js.ToNumber(tt.s); !same(got, tt.num) {
				t.Errorf("Number(%q) = %v, want %v", tt.s, got, tt.num)
			}
			if got := parseFloat(tt.s); !same(got, tt.parsed) {
				t.Errorf("parseFloat(%q) = %v, want %v", tt.s, got, tt.parsed)
			}
		})
	}
}

func same(a, b float64) bool { return a == b || (a != a && b != b) }

func TestProcess(t *testing.T) {
	data := []any{
		map[string]any{"_id": "1", "name": "b", "age": 30.0, "x": 1.0},
		map[string]any{"_id": "2", "name": "a", "age": "30"},
		map[string]any{"_id": "3", "name": "c", "age": 25.0},
		map[string]any{"_id": "4", "age": nil},
	}
	tests := []struct {
		name string
		q    *Query
		ids  []string
	}{
		{"all", New(), []string{"1", "2", "3", "4"}},
		{"number not string", New().EqualTo("age", 30), []string{"1"}},
		{"null matches missing", New().EqualTo("name", nil), []string{"4"}},
		{"gt", New().GreaterThan("age", 26), []string{"1"}},
		{"sort", New().Ascending("name"), []string{"4", "2", "1", "3"}},
		{"sort desc skip limit", New().Descending("name").Skip(1).Limit(2), []string{"1", "2"}},
		{"regex", New().Matches("name", "^[ab]"), []string{"1", "2"}},
		{"or", New().EqualTo("name", "a").Or().EqualTo("name", "c"), []string{"2", "3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.q.Process(data)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, g := range got {
				ids = append(ids, g.(map[string]any)["_id"].(string))
			}
			if !reflect.DeepEqual(ids, tt.ids) {
				t.Errorf("ids = %v, want %v", ids, tt.ids)
			}
		})
	}
	got, err := New().Fields("name").Process(data[:1])
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]any{"_id": "1", "name": "b"}; !reflect.DeepEqual(got[0], want) {
		t.Errorf("fields: %v, want %v", got[0], want)
	}
	if len(data[0].(map[string]any)) != 4 {
		t.Error("Process must not modify its input")
	}
	if _, err := New().Near("loc", []float64{1, 2}).Process(data); err == nil {
		t.Error("geo operators must fail in Process as sift does")
	}
}

func TestRegExp(t *testing.T) {
	tests := []struct {
		pattern, flags string
		source, err    string
		in             string
		match          bool
	}{
		{"a/b", "", `a\/b`, "", "xa/b", true},
		{"", "", "(?:)", "", "x", true},
		{"(", "", "", "SyntaxError: Invalid regular expression: /(/: Unterminated group", "", false},
		{"a", "x", "", "SyntaxError: Invalid flags supplied to RegExp constructor 'x'", "", false},
		{"^.$", "", "^.$", "", "😀", false},
		{"^..$", "", "^..$", "", "😀", true},
		{"^b", "m", "^b", "", "a\u2028b", true},
		{"^b", "", "^b", "", "a\nb", false},
		{"\\s", "", `\s`, "", "\u00a0", true},
		{"K", "i", "K", "", "\u212a", false},
		{"\\1(a)", "", `\1(a)`, "", "a", true},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+"/"+tt.flags, func(t *testing.T) {
			re, err := CompileRegExp(tt.pattern, tt.flags)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("err = %v, want %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if re.Source() != tt.source {
				t.Errorf("Source() = %q, want %q", re.Source(), tt.source)
			}
			if got, err := re.Test(tt.in); err != nil || got != tt.match {
				t.Errorf("Test(%q) = %v, %v; want %v", tt.in, got, err, tt.match)
			}
		})
	}
	var ue *UnsupportedError
	if _, err := MustCompileRegExp("(?=a)", "").Test("a"); !errors.As(err, &ue) {
		t.Errorf("lookahead: %v", err)
	}
}

func TestV8SortStable(t *testing.T) {
	var a []any
	for i := 0; i < 500; i++ {
		a = append(a, [2]int{(i * 7919) % 13, i})
	}
	v8Sort(a, func(x, y any) float64 { return float64(x.([2]int)[0] - y.([2]int)[0]) })
	for i := 1; i < len(a); i++ {
		p, c := a[i-1].([2]int), a[i].([2]int)
		if p[0] > c[0] || (p[0] == c[0] && p[1] > c[1]) {
			t.Fatalf("not a stable sort at %d: %v %v", i, p, c)
		}
	}
}
