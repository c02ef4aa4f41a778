package querydiff

import (
	"fmt"
	"math/rand"

	"github.com/flexgo/flexgo/core/query"
)

func s(op string, args ...any) step    { return step{Op: op, Args: args} }
func set(prop string, v any) step      { return step{Op: "set", Prop: prop, Value: v} }
func join(op string, subs ...sub) step { return step{Op: op, Queries: subs} }
func sq(steps ...step) sub             { return sub{Steps: steps} }
func O(kv ...any) query.Object         { return query.NewObject(kv...) }
func A(v ...any) []any                 { return v }
func ch(name string, steps ...step) chain {
	return chain{Name: name, Steps: steps}
}

// handChains are written by hand: every operator, modifier and error of
// query.js, and the quirks of its joins.
func handChains() []chain {
	return []chain{
		ch("empty"),
		ch("equalTo string", s("equalTo", "name", "tests")),
		ch("equalTo 0", s("equalTo", "a", 0.0)),
		ch("equalTo null", s("equalTo", "a", nil)),
		ch("equalTo false", s("equalTo", "a", false)),
		ch("equalTo empty string", s("equalTo", "a", "")),
		ch("equalTo NaN", s("equalTo", "a", num("NaN"))),
		ch("equalTo Infinity", s("equalTo", "a", num("Infinity"))),
		ch("equalTo -0", s("equalTo", "a", num("-0"))),
		ch("equalTo undefined", s("equalTo", "a", undef{})),
		ch("equalTo empty object", s("equalTo", "a", O())),
		ch("equalTo object order", s("equalTo", "a", O("z", 1.0, "b", 2.0, "10", 3.0, "2", 4.0))),
		ch("equalTo array", s("equalTo", "a", A(1.0, "x", nil, undef{}, num("NaN")))),
		ch("equalTo date", s("equalTo", "d", date{ms: 1e12})),
		ch("equalTo big date", s("equalTo", "d", date{ms: 253402300800000})),
		ch("equalTo negative year", s("equalTo", "d", date{ms: -62198755200000})),
		ch("equalTo regexp", s("equalTo", "r", reLit{"^a/b", "m"})),
		ch("equalTo replaces", s("equalTo", "a", "x"), s("equalTo", "a", "y")),
		ch("equalTo after gt", s("greaterThan", "a", 1.0), s("equalTo", "a", 5.0)),
		ch("gt after equalTo string", s("equalTo", "a", "x"), s("greaterThan", "a", 1.0)),
		ch("gt after equalTo null", s("equalTo", "a", nil), s("greaterThan", "a", 1.0)),
		ch("gt after equalTo array", s("equalTo", "a", A(1.0)), s("greaterThan", "a", 1.0)),
		ch("gt after equalTo object", s("equalTo", "a", O("x", 1.0)), s("greaterThan", "a", 1.0)),
		ch("gt after equalTo undefined", s("equalTo", "a", undef{}), s("greaterThan", "a", 1.0)),
		ch("gt after equalTo date", s("equalTo", "a", date{ms: 0}), s("greaterThan", "a", 1.0)),
		ch("numbers", s("equalTo", "a", 1e21), s("equalTo", "b", 0.1), s("equalTo", "c", 1e-7),
			s("equalTo", "d", 123456789012345680000.0), s("equalTo", "e", -1.5e-10), s("equalTo", "f", 5e-324),
			s("equalTo", "g", 1.7976931348623157e308), s("equalTo", "h", 100.0), s("equalTo", "i", 0.000001)),
		ch("strings escaping", s("equalTo", "a", "quote\" back\\ nl\n tab\t ctl\x01\x1f del\x7f <>&' \u2028\u2029 é 😀")),
		ch("key order", s("equalTo", "b", 1.0), s("equalTo", "a", 2.0), s("equalTo", "1", 3.0), s("equalTo", "0", 4.0), s("equalTo", "01", 5.0), s("equalTo", "-1", 6.0), s("equalTo", "4294967295", 7.0), s("equalTo", "4294967294", 8.0)),
		ch("contains single", s("contains", "a", "x")),
		ch("contains array", s("contains", "a", A("x", "y", 1.0))),
		ch("contains null", s("contains", "a", nil)),
		ch("contains undefined", s("contains", "a", undef{})),
		ch("contains keeps gt", s("greaterThan", "a", "m"), s("contains", "a", A("x"))),
		ch("containsAll", s("containsAll", "tags", A("a", "b"))),
		ch("containsAll single", s("containsAll", "tags", "a")),
		ch("notContainedIn", s("notContainedIn", "a", A(1.0, 2.0))),
		ch("notContainedIn single", s("notContainedIn", "a", 1.0)),
		ch("gt string", s("greaterThan", "a", "b")),
		ch("gt 0", s("greaterThan", "a", 0.0)),
		ch("gt NaN", s("greaterThan", "a", num("NaN"))),
		ch("gt null", s("greaterThan", "a", nil)),
		ch("gt object", s("greaterThan", "a", O())),
		ch("gt bool", s("greaterThan", "a", true)),
		ch("gt undefined", s("greaterThan", "a", undef{})),
		ch("gt array", s("greaterThan", "a", A(1.0))),
		ch("gte", s("greaterThanOrEqualTo", "a", 1.5)),
		ch("gte error", s("greaterThanOrEqualTo", "a", nil)),
		ch("lt", s("lessThan", "a", -3.0)),
		ch("lt error", s("lessThan", "a", false)),
		ch("lte", s("lessThanOrEqualTo", "a", "z")),
		ch("lte error", s("lessThanOrEqualTo", "a", O())),
		ch("range", s("greaterThan", "a", 1.0), s("lessThan", "a", 10.0), s("notEqualTo", "a", 5.0)),
		ch("ne", s("notEqualTo", "a", 1.0)),
		ch("ne null", s("notEqualTo", "a", nil)),
		ch("ne 0", s("notEqualTo", "a", 0.0)),
		ch("ne undefined", s("notEqualTo", "a", undef{})),
		ch("exists", s("exists", "a")),
		ch("exists true", s("exists", "a", true)),
		ch("exists false", s("exists", "a", false)),
		ch("mod", s("mod", "a", 5.0, 1.0)),
		ch("mod default remainder", s("mod", "a", 5.0)),
		ch("mod NaN", s("mod", "a", num("NaN"), 0.0)),
		ch("size", s("size", "a", 3.0)),
		ch("size 0", s("size", "a", 0.0)),
		ch("matches", s("matches", "name", "^abc")),
		ch("matches slash", s("matches", "name", "^a/b[/]c\\/d")),
		ch("matches newline", s("matches", "name", "^a\nb\rc\u2028d\\\ne")),
		ch("matches not anchored", s("matches", "name", "abc")),
		ch("matches empty", s("matches", "name", "")),
		ch("matches invalid", s("matches", "name", "^(")),
		ch("matches invalid 2", s("matches", "name", "^a{2,1}")),
		ch("matches invalid 3", s("matches", "name", "^[b-a]")),
		ch("matches invalid 4", s("matches", "name", "^a\\")),
		ch("matches invalid 5", s("matches", "name", "^(?<a>x)(?<a>y)")),
		ch("matches multiline opt", s("matches", "name", "^a", O("multiline", true))),
		ch("matches multiline false", s("matches", "name", reLit{"^a", "m"}, O("multiline", false))),
		ch("matches multiline regexp", s("matches", "name", reLit{"^a", "m"})),
		ch("matches ignoreCase opt", s("matches", "name", "^a", O("ignoreCase", true))),
		ch("matches ignoreCase regexp", s("matches", "name", reLit{"^a", "i"})),
		ch("matches ignoreCase regexp false", s("matches", "name", reLit{"^a", "i"}, O("ignoreCase", false))),
		ch("matches extended", s("matches", "name", "^a", O("extended", true))),
		ch("matches dotall", s("matches", "name", "^a.", O("dotMatchesAll", true))),
		ch("matches all flags", s("matches", "name", reLit{"^a", "gmsy"}, O("extended", true, "dotMatchesAll", true))),
		ch("matches keeps old options", s("matches", "n", "^a", O("multiline", true)), s("matches", "n", "^b")),
		ch("matches on array", s("equalTo", "n", A("x")), s("matches", "n", "^b", O("multiline", true))),
		ch("matches on null", s("equalTo", "n", nil), s("matches", "n", "^b")),
		ch("matches with gt", s("greaterThan", "n", "a"), s("matches", "n", "^b")),
		ch("near", s("near", "loc", []float64{1, 2})),
		ch("near max", s("near", "loc", []float64{-71.5, 42.25}, 10.0)),
		ch("near max 0", s("near", "loc", []float64{1, 2}, 0.0)),
		ch("near extra", s("near", "loc", []float64{1, 2, 3})),
		ch("near short", s("near", "loc", []float64{1})),
		ch("near zero ok", s("near", "loc", []float64{0, 0})),
		ch("withinBox", s("withinBox", "loc", []float64{1, 2}, []float64{3, 4})),
		ch("withinBox zero", s("withinBox", "loc", []float64{0, 2}, []float64{3, 4})),
		ch("withinBox upper zero", s("withinBox", "loc", []float64{1, 2}, []float64{3, 0})),
		ch("withinBox short", s("withinBox", "loc", []float64{1}, []float64{3, 4})),
		ch("withinBox negative", s("withinBox", "loc", []float64{-1.5, -2}, []float64{3e10, 4})),
		ch("withinPolygon", s("withinPolygon", "loc", [][]float64{{1, 2}, {3, 4}, {5, 6}})),
		ch("withinPolygon one", s("withinPolygon", "loc", [][]float64{{1, 2}})),
		ch("withinPolygon four", s("withinPolygon", "loc", [][]float64{{1, 2}, {3, 4}, {5, 6}, {7, 8}})),
		ch("withinPolygon empty", s("withinPolygon", "loc", [][]float64{})),
		ch("withinPolygon zero", s("withinPolygon", "loc", [][]float64{{1, 2}, {0, 4}})),
		ch("ascending", s("ascending", "a")),
		ch("sort order", s("descending", "b"), s("ascending", "a"), s("ascending", "5"), s("descending", "b")),
		ch("limit", set("limit", 10.0)),
		ch("limit string", set("limit", "3")),
		ch("limit bad string", set("limit", "abc")),
		ch("limit 0", set("limit", 0.0)),
		ch("limit negative", set("limit", -5.0)),
		ch("limit float", set("limit", 2.5)),
		ch("limit Infinity", set("limit", num("Infinity"))),
		ch("limit null", set("limit", 10.0), set("limit", nil)),
		ch("limit object", set("limit", O())),
		ch("limit true", set("limit", true)),
		ch("limit false", set("limit", false)),
		ch("limit undefined", set("limit", undef{})),
		ch("skip", set("skip", 10.0)),
		ch("skip string", set("skip", "7")),
		ch("skip 0", set("skip", 0.0)),
		ch("skip negative", set("skip", -2.0)),
		ch("skip null", set("skip", nil)),
		ch("skip object", set("skip", O())),
		ch("skip undefined", set("skip", 5.0), set("skip", undef{})),
		ch("skip NaN string", set("skip", "x")),
		ch("fields", set("fields", A("foo", "bar"))),
		ch("fields mixed", set("fields", A("a", 1.0, nil, A("b", "c"), true))),
		ch("fields empty", set("fields", A())),
		ch("fields object", set("fields", O())),
		ch("fields string", set("fields", "a,b")),
		ch("fields undefined", set("fields", undef{})),
		ch("sort set", set("sort", O("b", 1.0, "a", -1.0))),
		ch("sort null", s("ascending", "x"), set("sort", nil)),
		ch("sort string", set("sort", "a")),
		ch("sort number 0", set("sort", 0.0)),
		ch("everything", s("equalTo", "a", 1.0), set("fields", A("a", "b")), set("limit", 5.0), set("skip", 2.0), s("descending", "a")),
		// joins
		ch("and query", s("equalTo", "field1", "value1"), join("and", sq(s("equalTo", "field2", "value2")))),
		ch("or query", s("equalTo", "field1", "value1"), join("or", sq(s("equalTo", "field2", "value2")))),
		ch("nor query", s("equalTo", "field1", "value1"), join("nor", sq(s("equalTo", "field2", "value2")))),
		ch("and two", s("equalTo", "a", 1.0), join("and", sq(s("equalTo", "b", 2.0)), sq(s("equalTo", "c", 3.0)))),
		ch("and empty this", join("and", sq(s("equalTo", "b", 2.0)))),
		ch("and null arg", s("equalTo", "a", 1.0), join("and", sub{Null: true})),
		ch("and plain arg", s("equalTo", "a", 1.0), join("and", sub{Plain: O("b", 2.0)})),
		ch("and plain filter arg", s("equalTo", "a", 1.0), join("and", sub{Plain: O("filter", O("b", 2.0))})),
		ch("and plain bad fields", s("equalTo", "a", 1.0), join("and", sub{Plain: O("fields", 5.0)})),
		ch("and child", s("exists", "A"), join("and"), s("exists", "B")),
		ch("and-nor", s("exists", "A"), join("and"), s("exists", "B"), join("nor"), s("exists", "C")),
		ch("and-nor-and", s("exists", "A"), join("and"), s("exists", "B"), join("nor"), s("exists", "C"), join("and"), s("exists", "D")),
		ch("and-or", s("exists", "A"), join("and"), s("exists", "B"), join("or"), s("exists", "C")),
		ch("and-or-and", s("exists", "A"), join("and"), s("exists", "B"), join("or"), s("exists", "C"), join("and"), s("exists", "D")),
		ch("nor-or", s("exists", "A"), join("nor"), s("exists", "B"), join("or"), s("exists", "C")),
		ch("or-nor-and", s("exists", "A"), join("or"), s("exists", "B"), join("nor"), s("exists", "C"), join("and"), s("exists", "D")),
		ch("child limit", join("and"), set("limit", 10.0)),
		ch("child skip", join("and"), set("skip", 10.0)),
		ch("child fields", join("and"), set("fields", A("x"))),
		ch("child sort", join("or"), s("ascending", "f"), s("descending", "g")),
		ch("child set sort", join("and"), set("sort", O("k", 1.0))),
		ch("child error", join("and"), s("greaterThan", "a", nil), s("equalTo", "b", 1.0)),
		ch("sub error", join("and", sq(s("lessThan", "a", O())))),
		ch("shared sub", s("equalTo", "a", 1.0), join("or", sq(s("equalTo", "b", 2.0))), s("equalTo", "c", 3.0)),
		ch("self join", s("equalTo", "a", 1.0), join("and", sub{Ref: "root"})),
		ch("child joins root", s("equalTo", "a", 1.0), join("and"), s("equalTo", "b", 1.0), join("and", sub{Ref: "root"})),
		ch("or with child sub", s("equalTo", "a", 1.0), join("or", sub{Steps: []step{s("equalTo", "b", 2.0), join("and"), s("equalTo", "c", 3.0)}, UseCur: true})),
		ch("nested joins", s("equalTo", "a", 1.0), join("and", sq(s("equalTo", "b", 2.0), join("or", sq(s("equalTo", "c", 3.0))))), join("nor", sq(s("equalTo", "d", 4.0)))),
		ch("join keeps index keys first", s("equalTo", "z", 1.0), s("equalTo", "3", 2.0), join("and", sq(s("equalTo", "y", 2.0)))),
		ch("ops after error", s("equalTo", "a", 1.0), s("greaterThan", "b", true), s("equalTo", "c", 2.0), set("limit", 5.0)),
		{Name: "options", Options: O("filter", O("a", 1.0), "sort", O("b", -1.0), "limit", 5.0, "skip", "2", "fields", A("x"))},
		{Name: "options bad fields", Options: O("fields", "x")},
		{Name: "options bad limit", Options: O("limit", true)},
		{Name: "options then ops", Options: O("filter", O("a", O("$gt", 1.0))), Steps: []step{s("lessThan", "a", 9.0), s("ascending", "a")}},
	}
}

// generated chains: a deterministic random mix of every builder call.
var (
	genFields = []string{"a", "b", "name", "tags", "n.x", "1", "_id"}
	genValues = []any{0.0, 1.0, -2.5, 1e21, 3e-7, "x", "", "b", nil, true, false,
		num("NaN"), undef{}, A(1.0, "x"), A(), O("k", 1.0), O("2", "a", "z", nil)}
	genScalars  = []any{0.0, 7.0, -1.0, 0.5, "m", "", "zz", nil, true, O(), A(2.0)}
	genPatterns = []any{"^a", "^a.*b$", "^(x|y)+", "^[a-z]{2,3}", "^\\d+", "a", "^", "^a\\", "^(?<n>a)\\k<n>",
		"^a/b", "^[\\s\\S]", "^\\bx", "^(?=a)", "^x{2,", "^\\u0041\\x41\\101", reLit{"^a", "m"}, reLit{"^a", "i"}, "^a)", "^*"}
)

func genChain(r *rand.Rand, depth int) []step {
	n := 1 + r.Intn(5)
	var steps []step
	field := func() string { return genFields[r.Intn(len(genFields))] }
	val := func() any { return genValues[r.Intn(len(genValues))] }
	for i := 0; i < n; i++ {
		switch k := r.Intn(22); k {
		case 0, 1:
			steps = append(steps, s("equalTo", field(), val()))
		case 2:
			steps = append(steps, s("contains", field(), val()))
		case 3:
			steps = append(steps, s("containsAll", field(), val()))
		case 4:
			steps = append(steps, s("notContainedIn", field(), val()))
		case 5:
			ops := []string{"greaterThan", "greaterThanOrEqualTo", "lessThan", "lessThanOrEqualTo"}
			steps = append(steps, s(ops[r.Intn(4)], field(), genScalars[r.Intn(len(genScalars))]))
		case 6:
			steps = append(steps, s("notEqualTo", field(), val()))
		case 7:
			if r.Intn(2) == 0 {
				steps = append(steps, s("exists", field()))
			} else {
				steps = append(steps, s("exists", field(), r.Intn(2) == 0))
			}
		case 8:
			steps = append(steps, s("mod", field(), float64(r.Intn(5)), float64(r.Intn(3))))
		case 9:
			steps = append(steps, s("size", field(), float64(r.Intn(4))))
		case 10:
			var opts any
			if r.Intn(2) == 0 {
				opts = O("multiline", r.Intn(2) == 0, "dotMatchesAll", r.Intn(2) == 0)
			}
			if opts == nil {
				steps = append(steps, s("matches", field(), genPatterns[r.Intn(len(genPatterns))]))
			} else {
				steps = append(steps, s("matches", field(), genPatterns[r.Intn(len(genPatterns))], opts))
			}
		case 11:
			steps = append(steps, s("near", field(), []float64{float64(r.Intn(3)) - 1, 2}, float64(r.Intn(2)*5)))
		case 12:
			steps = append(steps, s("withinBox", field(), []float64{float64(r.Intn(3)), 1}, []float64{2, 3}))
		case 13:
			pts := make([][]float64, r.Intn(5))
			for j := range pts {
				pts[j] = []float64{float64(j + r.Intn(2)), 1}
			}
			steps = append(steps, s("withinPolygon", field(), pts))
		case 14:
			if r.Intn(2) == 0 {
				steps = append(steps, s("ascending", field()))
			} else {
				steps = append(steps, s("descending", field()))
			}
		case 15:
			vals := []any{3.0, "4", 0.0, nil, "x", -1.0}
			steps = append(steps, set("limit", vals[r.Intn(len(vals))]))
		case 16:
			vals := []any{3.0, "4", 0.0, "x", -1.0, undef{}}
			steps = append(steps, set("skip", vals[r.Intn(len(vals))]))
		case 17:
			steps = append(steps, set("fields", A(field(), field())))
		case 18, 19, 20:
			ops := []string{"and", "or", "nor"}
			op := ops[r.Intn(3)]
			if depth < 2 && r.Intn(2) == 0 {
				subs := make([]sub, 1+r.Intn(2))
				for j := range subs {
					subs[j] = sq(genChain(r, depth+1)...)
				}
				steps = append(steps, join(op, subs...))
			} else {
				steps = append(steps, join(op))
			}
		case 21:
			steps = append(steps, set("sort", O(field(), -1.0)))
		}
	}
	return steps
}

func generatedChains(n int) []chain {
	r := rand.New(rand.NewSource(20240601))
	out := make([]chain, n)
	for i := range out {
		out[i] = chain{Name: fmt.Sprintf("generated %d", i), Steps: genChain(r, 0)}
	}
	return out
}
