package backend

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"

	"github.com/flexgo/flexgo/internal/js"
)

// saveBatches POSTs elems in batches of SaveBatchSize, one after the other, and merges the
// answers, as the reference's _makeAppdataBatchRequest does. The first failing batch ends it.
func (c *Client) saveBatches(ctx context.Context, r request, elems []json.RawMessage) (json.RawMessage, error) {
	var m batchMerge
	n := (len(elems) + SaveBatchSize - 1) / SaveBatchSize
	for i := 0; i < n; i++ {
		start, end := i*SaveBatchSize, min((i+1)*SaveBatchSize, len(elems))
		r.body = joinArray(elems[start:end])
		a, err := c.do(ctx, r)
		if err != nil {
			return nil, err
		}
		if a.status > 299 {
			return nil, answerError(a)
		}
		if err := m.add(i, a); err != nil {
			return nil, fmt.Errorf("backend: batch %d of %d (entities %d to %d) of the save: %w",
				i+1, n, start, end-1, err)
		}
	}
	return m.result(), nil
}

// joinArray is a JSON array of the elements.
func joinArray(elems []json.RawMessage) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, e := range elems {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(e)
	}
	b.WriteByte(']')
	return b.Bytes()
}

// batchMerge gathers the answers of a batched save: every batch's entities, then every batch's
// errors with their index made absolute.
type batchMerge struct {
	entities, errors []json.RawMessage
}

// add merges the answer to batch i (from 0). An answer without an entities array and an errors
// array of objects, on which the reference throws, is an error wrapping ErrUnexpectedAnswer.
func (m *batchMerge) add(i int, a answer) error {
	if !a.json || js.Kind(a.body) != '{' {
		return fmt.Errorf("%w: the answer is not a JSON object", ErrUnexpectedAnswer)
	}
	ents, errs := js.Field(a.body, "entities"), js.Field(a.body, "errors")
	if js.Kind(ents) != '[' {
		return fmt.Errorf("%w: the answer has no entities array", ErrUnexpectedAnswer)
	}
	if js.Kind(errs) != '[' {
		return fmt.Errorf("%w: the answer has no errors array", ErrUnexpectedAnswer)
	}
	var entities, errors []json.RawMessage
	if !js.Elements(ents, func(v json.RawMessage) { entities = append(entities, v) }) {
		return fmt.Errorf("%w: the entities array is malformed", ErrUnexpectedAnswer)
	}
	var bad error
	if !js.Elements(errs, func(v json.RawMessage) {
		if bad != nil {
			return
		}
		e, err := absoluteIndex(v, SaveBatchSize*i)
		if err != nil {
			bad = err
			return
		}
		errors = append(errors, e)
	}) {
		return fmt.Errorf("%w: the errors array is malformed", ErrUnexpectedAnswer)
	}
	if bad != nil {
		return bad
	}
	m.entities = append(m.entities, entities...)
	m.errors = append(m.errors, errors...)
	return nil
}

// result is {"entities": [...], "errors": [...]}.
func (m *batchMerge) result() json.RawMessage {
	var b bytes.Buffer
	b.WriteString(`{"entities":`)
	b.Write(joinArray(m.entities))
	b.WriteString(`,"errors":`)
	b.Write(joinArray(m.errors))
	b.WriteByte('}')
	return b.Bytes()
}

// absoluteIndex is `e.index = (SAVE_BATCH_SIZE * i) + e.index` on an error of a batch, with
// JavaScript's + (a number adds; null, true and false count as 0, 1 and 0; a string, an object or
// an array is concatenated to the offset's digits; a missing index gives NaN, written null). The
// member keeps its place, or is added last. An array is left as it is (JSON.stringify drops the
// property); any other value that is not an object, on which the reference throws, is an error.
func absoluteIndex(e json.RawMessage, offset int) (json.RawMessage, error) {
	switch js.Kind(e) {
	case '[':
		return e, nil
	case '{':
	default:
		return nil, fmt.Errorf("%w: an error of the answer is not an object: %s", ErrUnexpectedAnswer, clip(string(e), 60))
	}
	type field struct {
		key string
		val json.RawMessage
	}
	var fields []field
	at := map[string]int{}
	if !js.Scan(e, func(qkey, v []byte) bool {
		k := js.Unquote(qkey)
		if i, ok := at[k]; ok { // JSON.parse: the first place, the last value
			fields[i].val = v
			return true
		}
		at[k] = len(fields)
		fields = append(fields, field{k, v})
		return true
	}) {
		return nil, fmt.Errorf("%w: an error of the answer is a malformed object", ErrUnexpectedAnswer)
	}
	var index json.RawMessage
	if i, ok := at["index"]; ok {
		index = fields[i].val
	}
	sum := jsAdd(float64(offset), index)
	if i, ok := at["index"]; ok {
		fields[i].val = sum
	} else {
		fields = append(fields, field{"index", sum})
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := encodeJSON(f.key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(f.val)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// jsAdd is JSON.stringify(n + v) for a JSON value v (nil for undefined).
func jsAdd(n float64, v json.RawMessage) json.RawMessage {
	var sum float64
	switch js.Kind(v) {
	case 0:
		return json.RawMessage("null") // NaN
	case 'n', 'f':
		sum = n
	case 't':
		sum = n + 1
	case '"', '{', '[':
		s, _ := encodeJSON(js.FormatNumber(n) + js.String(v))
		return s
	default:
		f, ok := js.Number(v)
		if !ok {
			return json.RawMessage("null")
		}
		sum = n + f
	}
	if math.IsNaN(sum) || math.IsInf(sum, 0) {
		return json.RawMessage("null")
	}
	return json.RawMessage(js.FormatNumber(sum))
}
