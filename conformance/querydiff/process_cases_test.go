package querydiff

import (
	"encoding/json"
	"fmt"
	"math/rand"

	"github.com/flexgo/flexgo/core/query"
)

// Data sets, as JSON so that Node and Go read the same values.
const peopleJSON = `[
 {"_id":"1","_acl":{"creator":"x"},"_kmd":{"lmt":"2020-01-01"},"name":"Alice","age":30,"tags":["a","b"],"addr":{"city":"Paris","zip":"75001"},"score":9.5,"when":"2020-03-01T10:00:00.000Z","nick":null},
 {"_id":"2","name":"bob","age":"30","tags":["b"],"addr":{"city":"Lyon"},"score":7,"when":"2019-12-31T23:59:59.999Z"},
 {"_id":"3","name":"Carol","age":25,"tags":[],"addr":null,"score":null,"when":"2021-01-01"},
 {"_id":"4","name":"dave","tags":["c","a","b"],"addr":{"city":"Paris","zip":75002},"score":"8","nick":"D"},
 {"_id":"5","name":"Eve","age":35.5,"tags":"a","addr":{"city":"berlin"},"when":null,"items":[{"k":1,"v":"x"},{"k":2,"v":"y"}]},
 {"_id":"6","name":"frank","age":-1,"tags":["a",["b"]],"score":0,"items":[{"k":3},{"k":1,"v":"z"}]},
 {"_id":"7","name":"","age":0,"addr":{},"score":-0.5,"when":"2020-03-01T10:00:00.000Z","nick":""},
 {"_id":"8","name":"Zoë","age":1e21,"tags":["ä","a"],"score":1e-7,"items":[]},
 {"_id":"9","name":"alice","age":30,"tags":["a","b"],"addr":{"city":"Paris","zip":"75001"},"score":9.5},
 {"_id":"10","name":"Ab/c","age":true,"tags":[null],"when":"Mar 1 2020"},
 {"_id":"11","name":"line\nbreak","age":false,"score":"abc","nick":0},
 {"_id":"12","name":"😀 smile","age":12,"tags":["😀"],"addr":{"city":"Paris","zip":"75001"},"score":12}
]`

const mixedJSON = `[1, "1", null, true, {"a":1}, [1,2], "b", 0, {"a":"2"}, [], "", {"a":null}, {"b":1}]`

func datasets() map[string]any {
	out := map[string]any{}
	for name, src := range map[string]string{"people": peopleJSON, "mixed": mixedJSON} {
		var v any
		if err := json.Unmarshal([]byte(src), &v); err != nil {
			panic(err)
		}
		out[name] = v
	}
	// Large, with values that make the comparator inconsistent, so that the
	// result depends on V8's TimSort exactly.
	r := rand.New(rand.NewSource(7))
	var big []any
	pool := []any{1.0, 2.0, "2", "10", "a", "B", nil, true, false, 0.0, -3.5, []any{1.0}, map[string]any{"z": 1.0}, "", "😀", "\uff5e"}
	for i := 0; i < 300; i++ {
		m := map[string]any{"i": float64(i), "v": pool[r.Intn(len(pool))], "w": float64(r.Intn(5)), "s": fmt.Sprintf("s%03d", r.Intn(50))}
		if r.Intn(4) == 0 {
			delete(m, "w")
		}
		if r.Intn(6) == 0 {
			m["w"] = nil
		}
		big = append(big, m)
	}
	out["big"] = big
	var sorted []any
	for i := 0; i < 200; i++ {
		sorted = append(sorted, map[string]any{"i": float64(i), "k": float64(i / 3), "r": float64((i * 7919) % 101)})
	}
	out["sorted"] = sorted
	return out
}

func cloneData(v any) []any {
	b, _ := json.Marshal(v)
	var out []any
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}

func pc(name, data string, steps ...step) processCase {
	return processCase{Name: name, Data: data, Chain: chain{Steps: steps}}
}

func processCases() []processCase {
	cs := []processCase{
		pc("all", "people"),
		pc("equal string", "people", s("equalTo", "name", "Alice")),
		pc("equal number not string", "people", s("equalTo", "age", 30.0)),
		pc("equal string not number", "people", s("equalTo", "age", "30")),
		pc("equal null matches missing", "people", s("equalTo", "nick", nil)),
		pc("equal undefined", "people", s("equalTo", "nick", undef{})),
		pc("equal in array", "people", s("equalTo", "tags", "a")),
		pc("equal whole array", "people", s("equalTo", "tags", A("a", "b"))),
		pc("equal empty array", "people", s("equalTo", "tags", A())),
		pc("equal object", "people", s("equalTo", "addr", O("city", "Paris"))),
		pc("nested", "people", s("equalTo", "addr.city", "Paris")),
		pc("nested number", "people", s("equalTo", "addr.zip", 75002.0)),
		pc("nested through array", "people", s("equalTo", "items.k", 1.0)),
		pc("nested array index", "people", s("equalTo", "tags.0", "a")),
		pc("nested array index 01", "people", s("equalTo", "tags.01", "a")),
		pc("string index", "people", s("equalTo", "name.0", "A")),
		pc("string length", "people", s("equalTo", "name.length", 5.0)),
		pc("array length", "people", s("equalTo", "tags.length", 2.0)),
		pc("gt number", "people", s("greaterThan", "age", 25.0)),
		pc("gt string", "people", s("greaterThan", "name", "a")),
		pc("gte", "people", s("greaterThanOrEqualTo", "age", 30.0)),
		pc("lt", "people", s("lessThan", "score", 8.0)),
		pc("lte string dates", "people", s("lessThanOrEqualTo", "when", "2020-03-01T10:00:00.000Z")),
		pc("gt dates as strings", "people", s("greaterThan", "when", "2020")),
		pc("range", "people", s("greaterThan", "age", 0.0), s("lessThan", "age", 31.0)),
		pc("ne", "people", s("notEqualTo", "name", "Alice")),
		pc("ne array", "people", s("notEqualTo", "tags", "a")),
		pc("ne null", "people", s("notEqualTo", "nick", nil)),
		pc("in", "people", s("contains", "name", A("Alice", "bob", "nobody"))),
		pc("in array field", "people", s("contains", "tags", A("c", "ä"))),
		pc("in null", "people", s("contains", "score", A(nil))),
		pc("in object never", "people", s("contains", "addr", A(O("city", "Paris")))),
		pc("nin", "people", s("notContainedIn", "tags", A("a"))),
		pc("all", "people", s("containsAll", "tags", A("a", "b"))),
		pc("all string field", "people", s("containsAll", "tags", "a")),
		pc("all empty", "people", s("containsAll", "tags", A())),
		pc("exists", "people", s("exists", "score")),
		pc("not exists", "people", s("exists", "score", false)),
		pc("exists nested", "people", s("exists", "addr.zip")),
		pc("mod", "people", s("mod", "age", 5.0, 0.0)),
		pc("mod negative", "people", s("mod", "age", 2.0, -1.0)),
		pc("size", "people", s("size", "tags", 2.0)),
		pc("size string", "people", s("size", "name", 5.0)),
		pc("size 0", "people", s("size", "tags", 0.0)),
		pc("regex", "people", s("matches", "name", "^[a-z]")),
		pc("regex array", "people", s("matches", "tags", "^a")),
		pc("regex multiline", "people", s("matches", "name", "^break", O("multiline", true))),
		pc("regex not multiline", "people", s("matches", "name", "^break")),
		pc("regex dotall", "people", s("matches", "name", "^line.break", O("dotMatchesAll", true))),
		pc("regex dot no newline", "people", s("matches", "name", "^line.break")),
		pc("regex slash", "people", s("matches", "name", "^Ab/c")),
		pc("regex astral", "people", s("matches", "name", "^.\\uDE00 ")),
		pc("regex astral dot", "people", s("matches", "name", "^. smile")),
		pc("regex word", "people", s("matches", "name", "^\\w+$")),
		pc("regex extended throws", "people", s("matches", "name", "^a", O("extended", true))),
		pc("regex backref forward", "people", s("matches", "name", "^\\1(A)lice")),
		pc("regex lookahead", "people", s("matches", "name", "^(?=A)")),
		pc("and", "people", s("equalTo", "age", 30.0), join("and", sq(s("equalTo", "name", "Alice")))),
		pc("or", "people", s("equalTo", "age", 30.0), join("or", sq(s("equalTo", "name", "Eve")))),
		pc("nor", "people", s("exists", "age"), join("nor", sq(s("equalTo", "name", "bob")))),
		pc("child chain", "people", s("exists", "age"), join("and"), s("greaterThan", "age", 20.0), join("or"), s("equalTo", "name", "")),
		pc("child process", "people", s("exists", "tags"), join("and"), s("size", "tags", 1.0)),
		pc("geo throws", "people", s("near", "loc", []float64{1, 2})),
		pc("sort asc", "people", s("ascending", "name")),
		pc("sort desc", "people", s("descending", "age")),
		pc("sort nested", "people", s("ascending", "addr.city")),
		pc("sort multi", "people", s("ascending", "addr.city"), s("descending", "age")),
		pc("sort multi 2", "people", s("descending", "score"), s("ascending", "name")),
		pc("sort dates as strings", "people", s("ascending", "when")),
		pc("sort tags", "people", s("ascending", "tags")),
		pc("sort missing field", "people", s("ascending", "nope")),
		pc("sort nick", "people", s("descending", "nick"), s("ascending", "_id")),
		pc("sort path through 0", "people", s("ascending", "score.x")),
		pc("sort empty segment", "people", s("ascending", "addr..city")),
		pc("skip", "people", set("skip", 3.0)),
		pc("limit", "people", set("limit", 4.0)),
		pc("skip limit", "people", set("skip", 2.0), set("limit", 3.0), s("ascending", "name")),
		pc("negative skip", "people", set("skip", -3.0)),
		pc("negative limit", "people", set("limit", -2.0)),
		pc("fractional", "people", set("skip", 1.5), set("limit", 2.5)),
		pc("skip beyond", "people", set("skip", 50.0), set("limit", 2.0)),
		pc("fields", "people", set("fields", A("name", "age"))),
		pc("fields with sort", "people", set("fields", A("name")), s("ascending", "age"), set("limit", 5.0)),
		pc("fields none exist", "people", set("fields", A("zzz"))),
		pc("fields numbers", "people", set("fields", A(1.0))),
		pc("mixed all", "mixed"),
		pc("mixed equal 1", "mixed", s("equalTo", "a", 1.0)),
		pc("mixed missing field", "mixed", s("exists", "a", false)),
		pc("mixed fields throws", "mixed", set("fields", A("a"))),
		pc("mixed length", "mixed", s("equalTo", "length", 1.0)),
		pc("mixed sort", "mixed", s("ascending", "a")),
		pc("big sort v", "big", s("ascending", "v")),
		pc("big sort v desc", "big", s("descending", "v")),
		pc("big sort w v", "big", s("ascending", "w"), s("descending", "v")),
		pc("big sort s", "big", s("ascending", "s")),
		pc("big sort w s", "big", s("descending", "w"), s("ascending", "s"), set("skip", 10.0), set("limit", 100.0)),
		pc("big filter sort", "big", s("exists", "w"), s("ascending", "w")),
		pc("sorted stable", "sorted", s("ascending", "k")),
		pc("sorted desc", "sorted", s("descending", "k")),
		pc("sorted r", "sorted", s("ascending", "r")),
		pc("sorted r k", "sorted", s("ascending", "r"), s("descending", "k")),
		pc("sorted k r", "sorted", s("descending", "k"), s("ascending", "r")),
		{Name: "options filter operators", Data: "people", Chain: chain{Options: O("filter", O("$or", A(O("age", O("$gt", 30.0)), O("name", O("$regex", "^b"))), "tags", O("$elemMatch", O("$eq", "c"))))}},
		{Name: "options not", Data: "people", Chain: chain{Options: O("filter", O("age", O("$not", O("$gt", 20.0))))}},
		{Name: "options unknown op", Data: "people", Chain: chain{Options: O("filter", O("age", O("$foo", 1.0)))}},
		{Name: "options regex i", Data: "people", Chain: chain{Options: O("filter", O("name", O("$regex", "^alice", "$options", "i")))}},
		{Name: "options regex bad", Data: "people", Chain: chain{Options: O("filter", O("name", O("$regex", "(")))}},
		{Name: "options in string", Data: "people", Chain: chain{Options: O("filter", O("name", O("$in", "Alice and bob")))}},
		{Name: "options all number", Data: "people", Chain: chain{Options: O("filter", O("age", O("$all", A(30.0))))}},
		{Name: "options and not array", Data: "people", Chain: chain{Options: O("filter", O("$and", 5.0))}},
		{Name: "options eq null", Data: "people", Chain: chain{Options: O("filter", O("score", O("$eq", nil)))}},
		{Name: "options sort strings", Data: "people", Chain: chain{Options: O("sort", O("name", "desc"))}},
		{Name: "options sort 0", Data: "people", Chain: chain{Options: O("sort", O("age", 0.0, "name", 1.0))}},
		{Name: "options type", Data: "people", Chain: chain{Options: O("filter", O("nope", O("$type", "string")))}},
		{Name: "options type throws", Data: "people", Chain: chain{Options: O("filter", O("name", O("$type", "string")))}},
	}
	// Generated filters on the people data, with sort and paging.
	r := rand.New(rand.NewSource(99))
	fields := []string{"name", "age", "tags", "addr.city", "addr.zip", "score", "when", "nick", "items.k", "_id"}
	vals := []any{30.0, "30", "a", "Paris", nil, 0.0, "", true, "2020", 9.5, A("a"), "Alice", 75001.0, "75001"}
	for i := 0; i < 80; i++ {
		var steps []step
		for j := 0; j < 1+r.Intn(3); j++ {
			f := fields[r.Intn(len(fields))]
			v := vals[r.Intn(len(vals))]
			switch r.Intn(9) {
			case 0:
				steps = append(steps, s("equalTo", f, v))
			case 1:
				steps = append(steps, s("notEqualTo", f, v))
			case 2:
				steps = append(steps, s("contains", f, A(v, vals[r.Intn(len(vals))])))
			case 3:
				if _, ok := v.(float64); ok {
					steps = append(steps, s("greaterThan", f, v))
				} else if _, ok := v.(string); ok {
					steps = append(steps, s("lessThanOrEqualTo", f, v))
				}
			case 4:
				steps = append(steps, s("exists", f, r.Intn(2) == 0))
			case 5:
				steps = append(steps, join([]string{"and", "or", "nor"}[r.Intn(3)]))
			case 6:
				if r.Intn(2) == 0 {
					steps = append(steps, s("ascending", f))
				} else {
					steps = append(steps, s("descending", f))
				}
			case 7:
				steps = append(steps, set("skip", float64(r.Intn(3))), set("limit", float64(r.Intn(6))))
			case 8:
				steps = append(steps, s("matches", f, []string{"^a", "^[A-Z]", "^.{3}$", "^\\d"}[r.Intn(4)]))
			}
		}
		cs = append(cs, pc(fmt.Sprintf("generated %d", i), "people", steps...))
	}
	return cs
}

type regexpCase struct {
	pattern, flags string
	tests          []string
}

func compileCase(rc regexpCase) (*query.RegExp, error) {
	return query.CompileRegExp(rc.pattern, rc.flags)
}

func regexpCases() []regexpCase {
	subjects := []string{"", "a", "abc", "ABC", "a\nb", "a\rb", "a\u2028b", "x/y", "\u00a0", "😀", "a😀b", "aaa", "ab12", "_", "ſ", "K", "ß", "ǅ"}
	pats := []string{"", "a", "^a", "^abc$", "a|b", "(a)(b)?", "a*", "a+?", "a{2}", "a{2,}", "a{,2}", "a{2,1}", "{", "{1}", "x{",
		"]", "}", "[", "[]", "[^]", "[a-]", "[-a]", "[a-z]", "[z-a]", "[\\d-z]", "[\\w-]", "[a-\\d]", "[\\b]", "\\b", "\\B", "^\\bab",
		"(", ")", "(?:a)", "(?=a)", "(?!a)", "(?<=a)b", "(?<!a)b", "(?=a)*", "(?<=a)*", "(?<a>x)", "(?<a>x)\\k<a>", "\\k<a>(?<a>x)",
		"\\k", "\\k<a>", "(?<a>x)\\k", "(?<a>x)\\k<b>", "(?<a>x)(?<a>y)", "(?<1a>x)", "(?<$_>x)", "(?<é>x)", "(?<\\u0061>x)",
		"(?<\\u{61}>x)", "(?<a", "(?a)", "(?i:a)", "\\1", "\\1(a)", "(a)\\1", "(a)\\2", "\\8", "\\9", "\\0", "\\00", "\\012", "\\377", "\\400",
		"\\c", "\\cA", "\\c1", "[\\c1]", "[\\c_]", "\\x", "\\x4", "\\x41", "\\u", "\\u004", "\\u0041", "\\u{41}", "\\p{L}", "\\P",
		"\\d\\D\\s\\S\\w\\W", "\\/", "a/b", "[/]", "\\", "a\\", "*", "+a", "a**", "a??", "a{1}?", "^*", "$+", "\\b+", ".", "\\.", "a.c",
		"\n", "\\\n", "[\n]", "\u2028", "a|", "|", "()", "()*", "(?:)*", "(|a)+", "[\\s]", "[^\\s]", "[^a-z0-9]", "\\u00a0", "^\\s$",
		"^[^a]$", "^.$", "^..$", "^\\uD83D", "[\\uD83D\\uDE00]", "^[😀]$", "\\t\\n\\v\\f\\r", "a{1001}", "(a{500}){3}", "x{2147483648}",
		"x{99999999999,}", "[\\", "(?", "(?<", "(?<=", "a{1,2}{3}", "(?:a|b)*c", "^(a+)+$", "(?<a>.)(?<b>.)\\k<b>\\k<a>", "[[]/]",
		"\\k<a>", "[\\k]", "(?<a>)[\\k]", "\\q", "\\-", "[\\-]", "\\ca", "\\cz", "\\c$", "^\\cJ$"}
	var cs []regexpCase
	for _, p := range pats {
		cs = append(cs, regexpCase{pattern: p, tests: subjects})
	}
	for _, p := range []string{"^a$", "^b", "a$", "^", "$", "^$", ".", "^.$", "\\bb", "a.b"} {
		for _, f := range []string{"m", "s", "ms", "i", "im", "d"} {
			cs = append(cs, regexpCase{pattern: p, flags: f, tests: subjects})
		}
	}
	for _, p := range []string{"ß", "[a-z]", "k", "s", "\\w", "[^a]", "é", "ǆ", "Σ", "[\\u00e0-\\u00ff]", "\\u212a"} {
		cs = append(cs, regexpCase{pattern: p, flags: "i", tests: append(subjects, "É", "ǅ", "Ǆ", "σ", "ς", "ẞ", "\u212a", "k")})
	}
	for _, f := range []string{"x", "mm", "uv", "gimsuyd", "5", "G", "dgimsy"} {
		cs = append(cs, regexpCase{pattern: "a", flags: f})
	}
	// Random patterns from a JavaScript-regexp alphabet.
	r := rand.New(rand.NewSource(5))
	alphabet := []string{"a", "b", "(", ")", "[", "]", "{", "}", "|", "*", "+", "?", "^", "$", ".", "\\", "-", ",", "1", "2", "0",
		"d", "w", "s", "k", "<", ">", "=", "!", ":", "c", "x", "u", "/", "\n", "é", "😀"}
	for i := 0; i < 1500; i++ {
		var p []byte
		for j := 0; j < 1+r.Intn(10); j++ {
			p = append(p, alphabet[r.Intn(len(alphabet))]...)
		}
		cs = append(cs, regexpCase{pattern: string(p), tests: []string{"", "a", "ab", "a1b", "(a)", "{1}", "a\nb", "b-a", "é😀"}})
	}
	return cs
}
