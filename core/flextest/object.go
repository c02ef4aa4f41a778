package flextest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// object is a JSON object whose members keep the order they were set in, as Kinvey's JSON
// headers and bodies do.
type object []member

type member struct {
	key string
	val json.RawMessage
}

// set returns o with key set to val, replacing a member of that name (matched exactly, or
// without regard to case when fold is true).
func (o object) set(key string, val json.RawMessage, fold bool) object {
	out := make(object, 0, len(o)+1)
	replaced := false
	for _, m := range o {
		if m.key == key || (fold && strings.EqualFold(m.key, key)) {
			if !replaced {
				out = append(out, member{key, val})
				replaced = true
			}
			continue
		}
		out = append(out, m)
	}
	if !replaced {
		out = append(out, member{key, val})
	}
	return out
}

// get returns the value of key, or nil.
func (o object) get(key string) json.RawMessage {
	for _, m := range o {
		if m.key == key {
			return m.val
		}
	}
	return nil
}

// MarshalJSON writes the members in order.
func (o object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(mustJSON(m.key))
		buf.WriteByte(':')
		buf.Write(m.val)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// objectOf reads a JSON object's members in order; ok is false when raw is not an object.
func objectOf(raw json.RawMessage) (object, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, false
	}
	var o object
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, false
		}
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return nil, false
		}
		o = o.set(tok.(string), val, false)
	}
	return o, true
}

// mustJSON encodes v as JSON.stringify would (no HTML escaping). []byte and json.RawMessage are
// JSON text already and are used as they are. A value that cannot be encoded is a mistake in the
// test: it panics, as httptest.NewRequest does on a bad target.
func mustJSON(v any) json.RawMessage {
	switch x := v.(type) {
	case json.RawMessage:
		return append(json.RawMessage(nil), x...)
	case []byte:
		return append(json.RawMessage(nil), x...)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("flextest: cannot encode %T as JSON: %v", v, err))
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}
