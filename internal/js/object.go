package js

import "encoding/json"

// Object is a JavaScript object with its keys in insertion order, for the answers whose shape the
// Node SDK builds member by member. A member whose value is nil (undefined) is left out when it
// is written, as JSON.stringify does.
type Object []Member

// Member is one key and value of an [Object].
type Member struct {
	Key string
	Val any
}

// Set replaces the value of key, or appends the member.
func (o Object) Set(key string, val any) Object {
	for i := range o {
		if o[i].Key == key {
			o[i].Val = val
			return o
		}
	}
	return append(o, Member{key, val})
}

// Remove deletes the member key.
func (o Object) Remove(key string) Object {
	for i := range o {
		if o[i].Key == key {
			return append(o[:i:i], o[i+1:]...)
		}
	}
	return o
}

// AppendJSON writes the object's defined members in order.
func (o Object) AppendJSON(dst []byte) ([]byte, error) {
	dst = append(dst, '{')
	first := true
	var err error
	for _, m := range o {
		if m.Val == nil {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = AppendQuoted(dst, m.Key)
		dst = append(dst, ':')
		if dst, err = Append(dst, m.Val); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// MarshalJSON implements json.Marshaler.
func (o Object) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// WithMember is the JSON object raw with the value of key replaced by val.
func WithMember(raw []byte, key string, val any) Object {
	var obj Object
	Each(raw, func(k string, v json.RawMessage) {
		if k == key {
			obj = obj.Set(k, val)
			return
		}
		obj = obj.Set(k, v)
	})
	return obj
}
