package querydiff

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flexgo/flexgo/core/query"
	"github.com/flexgo/flexgo/internal/testenv"
)

// Case values are Go values with these markers for what JSON cannot say.
type (
	undef struct{}
	num   string // "NaN", "Infinity", "-Infinity", "-0"
	date  struct {
		ms      float64
		invalid bool
	}
	reLit struct{ src, flags string }
)

// step is one call of a builder chain.
type step struct {
	Op      string
	Args    []any
	Prop    string // for Op "set"
	Value   any
	Queries []sub // for and/or/nor
}

// sub is an argument of and/or/nor.
type sub struct {
	Null   bool
	Ref    string // "root" or "cur"
	Plain  any    // a plain object, Node's new Query(obj)
	Steps  []step // a sub-query built from new Query()
	UseCur bool   // pass the sub-query's last returned object
}

type chain struct {
	Name    string
	Options any // constructor options (a query.Object) or nil
	Steps   []step
}

type processCase struct {
	Name  string
	Chain chain
	Data  string
	OnCur bool
}

// jsonOf encodes a case value as runner.js decodes it.
func jsonOf(v any) any {
	switch x := v.(type) {
	case undef:
		return map[string]any{"$$undefined": true}
	case num:
		return map[string]any{"$$num": string(x)}
	case date:
		if x.invalid {
			return map[string]any{"$$date": "invalid"}
		}
		return map[string]any{"$$date": x.ms}
	case reLit:
		return map[string]any{"$$regexp": []any{x.src, x.flags}}
	case query.Object:
		return orderedJSON(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonOf(e)
		}
		return out
	case []float64:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonOf(e)
		}
		return out
	case [][]float64:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonOf(e)
		}
		return out
	case float64:
		switch {
		case math.IsNaN(x):
			return jsonOf(num("NaN"))
		case math.IsInf(x, 1):
			return jsonOf(num("Infinity"))
		case math.IsInf(x, -1):
			return jsonOf(num("-Infinity"))
		case x == 0 && math.Signbit(x):
			return jsonOf(num("-0"))
		}
	}
	return v
}

// orderedJSON keeps member order when marshalled.
type orderedJSON query.Object

func (o orderedJSON) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.Key)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(jsonOf(m.Value))
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func (s step) MarshalJSON() ([]byte, error) {
	m := map[string]any{"op": s.Op}
	switch {
	case s.Op == "set":
		m["prop"] = s.Prop
		m["value"] = jsonOf(s.Value)
	case s.Op == "and" || s.Op == "or" || s.Op == "nor":
		qs := []any{}
		for _, q := range s.Queries {
			switch {
			case q.Null:
				qs = append(qs, nil)
			case q.Ref != "":
				qs = append(qs, map[string]any{"ref": q.Ref})
			case q.Plain != nil:
				qs = append(qs, map[string]any{"plain": jsonOf(q.Plain)})
			default:
				qs = append(qs, map[string]any{"steps": stepsOrEmpty(q.Steps), "useCur": q.UseCur})
			}
		}
		m["queries"] = qs
	default:
		m["args"] = jsonOf(s.Args)
	}
	return json.Marshal(m)
}

func stepsOrEmpty(s []step) []step {
	if s == nil {
		return []step{}
	}
	return s
}

func (c chain) MarshalJSON() ([]byte, error) {
	m := map[string]any{"steps": stepsOrEmpty(c.Steps)}
	if c.Options != nil {
		m["options"] = jsonOf(c.Options)
	}
	return json.Marshal(m)
}

// goVal turns a case value into the value a Go caller passes.
func goVal(v any) any {
	switch x := v.(type) {
	case undef:
		return query.Undefined
	case num:
		switch x {
		case "NaN":
			return math.NaN()
		case "Infinity":
			return math.Inf(1)
		case "-Infinity":
			return math.Inf(-1)
		case "-0":
			return math.Copysign(0, -1)
		}
	case date:
		if x.invalid {
			panic("invalid dates cannot be passed from Go")
		}
		return time.UnixMilli(int64(x.ms))
	case reLit:
		return query.MustCompileRegExp(x.src, x.flags)
	case query.Object:
		o := make(query.Object, len(x))
		for i, m := range x {
			o[i] = query.Member{Key: m.Key, Value: goVal(m.Value)}
		}
		return o
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = goVal(e)
		}
		return out
	}
	return v
}

func floats(v any) []float64 {
	switch x := v.(type) {
	case nil:
		return nil
	case []float64:
		return x
	case []any:
		out := make([]float64, len(x))
		for i, e := range x {
			out[i] = goVal(e).(float64)
		}
		return out
	}
	panic(fmt.Sprintf("not a coordinate list: %#v", v))
}

func floats2(v any) [][]float64 {
	switch x := v.(type) {
	case nil:
		return nil
	case [][]float64:
		return x
	case []any:
		out := make([][]float64, len(x))
		for i, e := range x {
			out[i] = floats(e)
		}
		return out
	}
	panic(fmt.Sprintf("not a polygon: %#v", v))
}

func matchOpts(v any) []query.MatchOptions {
	o, ok := v.(query.Object)
	if !ok {
		return nil
	}
	var m query.MatchOptions
	for _, e := range o {
		b, _ := e.Value.(bool)
		switch e.Key {
		case "ignoreCase":
			m.IgnoreCase = query.Bool(b)
		case "multiline":
			m.Multiline = query.Bool(b)
		case "extended":
			m.Extended = b
		case "dotMatchesAll":
			m.DotMatchesAll = b
		}
	}
	return []query.MatchOptions{m}
}

func arg(args []any, i int) any {
	if i < len(args) {
		return args[i]
	}
	return nil
}

// buildGo replays a chain in Go. It returns the root, the last returned
// query, and the index of the step after which an error was first recorded.
func buildGo(c chain) (root, cur *query.Query, errAt int) {
	if c.Options != nil {
		root = query.FromOptions(optionsOf(c.Options.(query.Object)))
	} else {
		root = query.New()
	}
	cur = root
	errAt = -1
	if root.Err() != nil {
		return root, cur, -2
	}
	for i, s := range c.Steps {
		cur = applyStep(root, cur, s)
		if cur.Err() != nil {
			return root, cur, i
		}
	}
	return root, cur, -1
}

func optionsOf(o query.Object) query.Options {
	var opts query.Options
	for _, m := range o {
		v := goVal(m.Value)
		switch m.Key {
		case "fields":
			opts.Fields = v
		case "filter":
			opts.Filter = v
		case "sort":
			opts.Sort = v
		case "limit":
			opts.Limit = v
		case "skip":
			opts.Skip = v
		}
	}
	return opts
}

func applyStep(root, q *query.Query, s step) *query.Query {
	a := s.Args
	field, _ := arg(a, 0).(string)
	switch s.Op {
	case "set":
		v := goVal(s.Value)
		switch s.Prop {
		case "limit":
			return q.SetLimit(v)
		case "skip":
			return q.SetSkip(v)
		case "fields":
			return q.SetFields(v)
		case "sort":
			return q.SetSort(v)
		}
	case "and", "or", "nor":
		var qs []*query.Query
		for _, sq := range s.Queries {
			switch {
			case sq.Null:
				qs = append(qs, nil)
			case sq.Ref == "root":
				qs = append(qs, root)
			case sq.Ref == "cur":
				qs = append(qs, q)
			case sq.Plain != nil:
				qs = append(qs, query.FromOptions(optionsOf(sq.Plain.(query.Object))))
			default:
				r, c, _ := buildGo(chain{Steps: sq.Steps})
				if sq.UseCur {
					qs = append(qs, c)
				} else {
					qs = append(qs, r)
				}
			}
		}
		switch s.Op {
		case "and":
			return q.And(qs...)
		case "or":
			return q.Or(qs...)
		}
		return q.Nor(qs...)
	case "equalTo":
		return q.EqualTo(field, goVal(arg(a, 1)))
	case "contains":
		return q.Contains(field, goVal(arg(a, 1)))
	case "containsAll":
		return q.ContainsAll(field, goVal(arg(a, 1)))
	case "notContainedIn":
		return q.NotContainedIn(field, goVal(arg(a, 1)))
	case "greaterThan":
		return q.GreaterThan(field, goVal(arg(a, 1)))
	case "greaterThanOrEqualTo":
		return q.GreaterThanOrEqualTo(field, goVal(arg(a, 1)))
	case "lessThan":
		return q.LessThan(field, goVal(arg(a, 1)))
	case "lessThanOrEqualTo":
		return q.LessThanOrEqualTo(field, goVal(arg(a, 1)))
	case "notEqualTo":
		return q.NotEqualTo(field, goVal(arg(a, 1)))
	case "exists":
		if len(a) > 1 {
			return q.Exists(field, a[1].(bool))
		}
		return q.Exists(field)
	case "mod":
		r := 0.0
		if len(a) > 2 {
			r = goVal(a[2]).(float64)
		}
		return q.Mod(field, goVal(a[1]).(float64), r)
	case "size":
		return q.Size(field, int(a[1].(float64)))
	case "near":
		if len(a) > 2 {
			return q.Near(field, floats(a[1]), goVal(a[2]).(float64))
		}
		return q.Near(field, floats(a[1]))
	case "withinBox":
		return q.WithinBox(field, floats(arg(a, 1)), floats(arg(a, 2)))
	case "withinPolygon":
		return q.WithinPolygon(field, floats2(arg(a, 1)))
	case "matches":
		switch p := arg(a, 1).(type) {
		case string:
			return q.Matches(field, p, matchOpts(arg(a, 2))...)
		case reLit:
			re, err := query.CompileRegExp(p.src, p.flags)
			if err != nil {
				panic(err)
			}
			return q.MatchesRegExp(field, re, matchOpts(arg(a, 2))...)
		}
	case "ascending":
		return q.Ascending(field)
	case "descending":
		return q.Descending(field)
	}
	panic("unknown step " + s.Op)
}

// results ---------------------------------------------------------------------

type jsErr struct {
	Name    string `json:"name"`
	Message string `json:"message"`
}

type chainResult struct {
	Error   *jsErr          `json:"error"`
	ErrorAt json.RawMessage `json:"errorAt"`
	Root    [][2]string     `json:"root"`
	Cur     [][2]string     `json:"cur"`
	JSON    *string         `json:"json"`
	String  *string         `json:"string"`
}

func goErr(err error) *jsErr {
	if err == nil {
		return nil
	}
	var qe *query.Error
	var je *query.JSError
	var ue *query.UnsupportedError
	switch {
	case errors.As(err, &qe):
		return &jsErr{Name: "QueryError", Message: qe.Debug}
	case errors.As(err, &je):
		return &jsErr{Name: je.Name, Message: je.Message}
	case errors.As(err, &ue):
		return &jsErr{Name: "Unsupported", Message: ue.What}
	}
	return &jsErr{Name: "GoError", Message: err.Error()}
}

func pairsOf(ps []query.Param) [][2]string {
	out := [][2]string{}
	for _, p := range ps {
		out = append(out, [2]string{p.Key, p.Value})
	}
	return out
}

// Differences of wording V8 gives and the port does not reproduce: only
// the error name is compared for these.
func sameError(node, goe *jsErr) bool {
	if node == nil || goe == nil {
		return node == goe
	}
	if node.Name != goe.Name {
		return false
	}
	if node.Name == "TypeError" || node.Name == "RangeError" {
		return true
	}
	return node.Message == goe.Message
}

// node ------------------------------------------------------------------------

type batch struct {
	Chains   []chain          `json:"chains"`
	Process  []map[string]any `json:"process"`
	Datasets map[string]any   `json:"datasets"`
	Dates    []map[string]any `json:"dates"`
	Entities []map[string]any `json:"entities"`
	Regexps  [][]any          `json:"regexps"`
}

type answer struct {
	Chains   []chainResult     `json:"chains"`
	Process  []json.RawMessage `json:"process"`
	Dates    []json.RawMessage `json:"dates"`
	Entities []json.RawMessage `json:"entities"`
	Regexps  []json.RawMessage `json:"regexps"`
}

func runNode(t *testing.T, b batch, env ...string) answer {
	t.Helper()
	nodePath, err := exec.LookPath("node")
	if err != nil {
		testenv.Skip(t, "querydiff: node is not installed; skipping the differential test against the Node SDK")
	}
	ref := filepath.Join("..", "reference", "node_modules", "kinvey-flex-sdk", "lib", "service", "modules", "query.js")
	if _, err := os.Stat(ref); err != nil {
		testenv.Skip(t, "querydiff: ../reference/node_modules (kinvey-flex-sdk@3.3.0) is missing; run npm ci in conformance/reference")
	}
	in, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(nodePath, "runner.js")
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node runner.js: %v\n%s", err, stderr.String())
	}
	var a answer
	if err := json.Unmarshal(stdout.Bytes(), &a); err != nil {
		t.Fatalf("bad answer from runner.js: %v\n%.2000s", err, stdout.String())
	}
	return a
}

var nodeOnce struct {
	sync.Once
	a answer
	b batch
}

// canonical re-encodes JSON with sorted keys for comparison.
func canonical(raw []byte) string {
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return "<bad json: " + err.Error() + ">"
	}
	out, _ := json.Marshal(normNumbers(v))
	return string(out)
}

func normNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil {
			return string(x)
		}
		return f
	case []any:
		for i := range x {
			x[i] = normNumbers(x[i])
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			x[k] = normNumbers(x[k])
		}
	}
	return v
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func short(s string) string {
	if len(s) > 600 {
		return s[:600] + "..."
	}
	return strings.TrimSpace(s)
}
