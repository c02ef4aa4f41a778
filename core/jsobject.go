package core

import (
	"bytes"
	"encoding/json"
)

// jsObject is a JavaScript object with its keys in insertion order, for the answers whose shape
// the reference builds field by field. A field whose value is nil (undefined) is left out, as
// JSON.stringify does.
type jsObject []jsField

type jsField struct {
	key string
	val any
}

// MarshalJSON writes the object's defined fields in order.
func (o jsObject) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	first := true
	for _, f := range o {
		if f.val == nil {
			continue
		}
		v, err := marshalJS(f.val)
		if err != nil {
			return nil, err
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		k, _ := json.Marshal(f.key)
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// rawField returns the value of key in a JSON object (the last one, as JSON.parse keeps), or nil
// when raw is not an object or has no such key.
func rawField(raw json.RawMessage, key string) json.RawMessage {
	var found json.RawMessage
	rawEach(raw, func(k string, v json.RawMessage) {
		if k == key {
			found = v
		}
	})
	return found
}

// rawEach calls fn for each member of a JSON object, in order.
func rawEach(raw json.RawMessage, fn func(key string, val json.RawMessage)) {
	if rawKind(raw) != '{' {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		key, _ := tok.(string)
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return
		}
		fn(key, val)
	}
}
