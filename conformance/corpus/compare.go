package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strings"
)

// Compare returns nil when ours answered c as the reference did, by the rule of c.Expect, and an
// error listing every difference otherwise. It also fails when the reference's answer is not of the
// kind c expects, since the comparison would then mean nothing.
func Compare(ref, ours Answer, c Case) error {
	if err := CheckReference(ref, c); err != nil {
		return err
	}
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	if ours.NoAnswer {
		return fmt.Errorf("ours: no answer in time (reference: %d)", ref.Status)
	}
	switch c.Expect {
	case ExpectJSON:
		if ours.Status != ref.Status {
			add("status: reference %d, ours %d", ref.Status, ours.Status)
		}
		if err := sameContinue(ref, ours); err != nil {
			add("%v", err)
		}
		if ct := ours.ContentType(); ct != "application/json" {
			add("ours: content type %q, want application/json", ct)
		}
		if d, err := DiffJSON(ref.Body, ours.Body); err != nil {
			add("ours: %v", err)
		} else if d != "" {
			add("body: %s", d)
		}
	case ExpectErrorPage:
		if ours.Status != ref.Status {
			add("status: reference %d, ours %d", ref.Status, ours.Status)
		}
		if err := CheckKinveyError(ours); err != nil {
			add("ours: %v", err)
		}
	case ExpectNoAnswer:
		if ours.Status < 400 {
			add("ours: status %d, want an error status (>= 400)", ours.Status)
		}
		if err := CheckKinveyError(ours); err != nil {
			add("ours: %v", err)
		}
	case ExpectEmpty:
		if ours.Status != ref.Status {
			add("status: reference %d, ours %d", ref.Status, ours.Status)
		}
		if err := sameContinue(ref, ours); err != nil {
			add("%v", err)
		}
		if len(ours.Body) != 0 {
			add("ours: a body of %d bytes, want none", len(ours.Body))
		}
	case ExpectText:
		if ours.Status != ref.Status {
			add("status: reference %d, ours %d", ref.Status, ours.Status)
		}
		if !sameText(ref.Body, ours) {
			add("body: reference %s, ours %s", Truncate(ref.Body, 100), Truncate(ours.Body, 100))
		}
	default:
		add("corpus: case %s has an unknown Expect %v", c.Name, c.Expect)
	}
	if len(problems) == 0 {
		return nil
	}
	return errors.New(strings.Join(problems, "; "))
}

// CompareReference returns nil when two answers of the reference to c are the same and of the kind
// c expects: it checks that the reference is deterministic and that the corpus says the right
// thing about it. Error pages are compared by status and content type only (their HTML holds stack
// traces); everything else as Compare would.
func CompareReference(first, second Answer, c Case) error {
	if err := CheckReference(first, c); err != nil {
		return fmt.Errorf("first answer: %w", err)
	}
	if err := CheckReference(second, c); err != nil {
		return fmt.Errorf("second answer: %w", err)
	}
	switch c.Expect {
	case ExpectErrorPage:
		if first.Status != second.Status || first.ContentType() != second.ContentType() {
			return fmt.Errorf("error pages differ: %s then %s", first, second)
		}
		return nil
	case ExpectNoAnswer:
		return nil
	}
	return Compare(first, second, c)
}

// CheckReference returns an error when the reference's answer is not of the kind c expects.
func CheckReference(ref Answer, c Case) error {
	if ref.NoAnswer {
		if c.Expect == ExpectNoAnswer {
			return nil
		}
		return fmt.Errorf("corpus: reference gave no answer, case expects %v", c.Expect)
	}
	ct := ref.ContentType()
	switch c.Expect {
	case ExpectJSON:
		if ct != "application/json" || !json.Valid(ref.Body) {
			return fmt.Errorf("corpus: case expects JSON, reference answered %s", ref)
		}
	case ExpectErrorPage:
		if ref.Status < 400 || ct == "application/json" {
			return fmt.Errorf("corpus: case expects an error page, reference answered %s", ref)
		}
	case ExpectNoAnswer:
		return fmt.Errorf("corpus: case expects no answer, reference answered %s", ref)
	case ExpectEmpty:
		if len(ref.Body) != 0 {
			return fmt.Errorf("corpus: case expects no body, reference answered %s", ref)
		}
	case ExpectText:
		if ref.Status >= 400 || ct == "application/json" || len(ref.Body) == 0 {
			return fmt.Errorf("corpus: case expects a text answer, reference answered %s", ref)
		}
	default:
		return fmt.Errorf("corpus: case %s has an unknown Expect %v", c.Name, c.Expect)
	}
	return nil
}

// CheckKinveyError returns nil when a is a JSON Kinvey error: a JSON content type and a body that
// is an object with exactly the members "error" (a non-empty string), "description" (a string) and
// "debug" (any value), and no stack trace in it.
func CheckKinveyError(a Answer) error {
	if ct := a.ContentType(); ct != "application/json" {
		return fmt.Errorf("content type %q, want a JSON Kinvey error: %s", ct, Truncate(a.Body, 200))
	}
	v, err := decodeJSON(a.Body)
	if err != nil {
		return fmt.Errorf("want a JSON Kinvey error: %v", err)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("want a JSON Kinvey error object, got %s", Truncate(a.Body, 200))
	}
	var problems []string
	if s, ok := obj["error"].(string); !ok || s == "" {
		problems = append(problems, `"error" is not a non-empty string`)
	}
	if _, ok := obj["description"].(string); !ok {
		problems = append(problems, `"description" is not a string`)
	}
	if _, ok := obj["debug"]; !ok {
		problems = append(problems, `"debug" is missing`)
	}
	for k := range obj {
		if k != "error" && k != "description" && k != "debug" {
			problems = append(problems, fmt.Sprintf("unexpected member %q", k))
		}
	}
	if bytes.Contains(a.Body, []byte("goroutine ")) || bytes.Contains(a.Body, []byte(`\n    at `)) {
		problems = append(problems, "it holds a stack trace")
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return fmt.Errorf("not a Kinvey error (%s): %s", strings.Join(problems, ", "), Truncate(a.Body, 200))
	}
	return nil
}

// sameText reports whether ours answered the text the reference did: the same bytes, or a JSON
// string of the same text (a twin that answers JSON everywhere).
func sameText(text []byte, ours Answer) bool {
	if bytes.Equal(text, ours.Body) {
		return true
	}
	var s string
	return ours.ContentType() == "application/json" && json.Unmarshal(ours.Body, &s) == nil && s == string(text)
}

// sameContinue compares the X-Kinvey-Request-Continue headers of two answers.
func sameContinue(ref, ours Answer) error {
	rv, rok := ref.Continue()
	ov, ook := ours.Continue()
	if rok != ook || rv != ov {
		show := func(v string, ok bool) string {
			if !ok {
				return "absent"
			}
			return fmt.Sprintf("%q", v)
		}
		return fmt.Errorf("%s: reference %s, ours %s", ContinueHeader, show(rv, rok), show(ov, ook))
	}
	return nil
}

// DiffJSON compares two JSON documents by value: objects regardless of member order, numbers by
// their numeric value (1e2 equals 100, but 12345678901234567890 does not equal
// 12345678901234567000). It returns "" when they are equal, a description of the first difference
// otherwise, and an error when b is not a single JSON value. a is the reference's.
func DiffJSON(a, b []byte) (string, error) {
	av, err := decodeJSON(a)
	if err != nil {
		return "", fmt.Errorf("reference body: %w", err)
	}
	bv, err := decodeJSON(b)
	if err != nil {
		return "", fmt.Errorf("body is not JSON: %w: %s", err, Truncate(b, 200))
	}
	return diff("$", av, bv), nil
}

// decodeJSON decodes exactly one JSON value, keeping numbers as json.Number.
func decodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("more than one JSON value")
	}
	return v, nil
}

// diff describes the first difference between two decoded JSON values at path, or returns "".
func diff(path string, a, b any) string {
	show := func(v any) string {
		s, _ := json.Marshal(v)
		return Truncate(s, 120)
	}
	differ := func() string {
		return fmt.Sprintf("at %s: reference %s, ours %s", path, show(a), show(b))
	}
	switch a := a.(type) {
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok {
			return differ()
		}
		keys := make([]string, 0, len(a)+len(b))
		for k := range a {
			keys = append(keys, k)
		}
		for k := range b {
			if _, ok := a[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			av, aok := a[k]
			bv, bok := b[k]
			p := path + "." + k
			switch {
			case !bok:
				return fmt.Sprintf("at %s: reference %s, ours has no such member", p, show(av))
			case !aok:
				return fmt.Sprintf("at %s: reference has no such member, ours %s", p, show(bv))
			}
			if d := diff(p, av, bv); d != "" {
				return d
			}
		}
		return ""
	case []any:
		b, ok := b.([]any)
		if !ok {
			return differ()
		}
		if len(a) != len(b) {
			return fmt.Sprintf("at %s: reference has %d elements, ours %d: reference %s, ours %s",
				path, len(a), len(b), show(a), show(b))
		}
		for i := range a {
			if d := diff(fmt.Sprintf("%s[%d]", path, i), a[i], b[i]); d != "" {
				return d
			}
		}
		return ""
	case json.Number:
		b, ok := b.(json.Number)
		if !ok || !sameNumber(a, b) {
			return differ()
		}
		return ""
	default: // string, bool, nil
		if a != b {
			return differ()
		}
		return ""
	}
}

// sameNumber reports whether two JSON numbers have the same value, to 512 bits of precision.
func sameNumber(a, b json.Number) bool {
	if a == b {
		return true
	}
	x, _, errA := big.ParseFloat(string(a), 10, 512, big.ToNearestEven)
	y, _, errB := big.ParseFloat(string(b), 10, 512, big.ToNearestEven)
	return errA == nil && errB == nil && x.Cmp(y) == 0
}
