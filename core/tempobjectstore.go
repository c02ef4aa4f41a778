package core

import (
	"encoding/json"
	"sync"

	"github.com/flexgo/flexgo/internal/js"
)

// TempObjectStore is the reference's tempObjectStore module: values a FlexFunctions hook passes
// along a request; what a handler sets travels back in the functions answer.
type TempObjectStore struct {
	mu     sync.Mutex
	values map[string]any
	order  []string
	// other is the store's value when Kinvey sent something that is not an object; the
	// reference then ignores Set and returns it whole from getAll().
	other json.RawMessage
}

func newTempObjectStore(raw json.RawMessage) *TempObjectStore {
	t := &TempObjectStore{values: map[string]any{}}
	if raw == nil {
		return t
	}
	if js.Kind(raw) != '{' {
		t.other = raw
		return t
	}
	js.Each(raw, func(k string, v json.RawMessage) {
		if _, seen := t.values[k]; !seen {
			t.order = append(t.order, k)
		}
		t.values[k] = v
	})
	return t
}

// Get returns the value stored under key (a json.RawMessage when Kinvey sent it), and whether
// there is one.
func (t *TempObjectStore) Get(key string) (any, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	v, ok := t.values[key]
	return v, ok
}

// Set stores value under key and returns it.
func (t *TempObjectStore) Set(key string, value any) any {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.other != nil {
		return value
	}
	if _, seen := t.values[key]; !seen {
		t.order = append(t.order, key)
	}
	t.values[key] = value
	return value
}

// All returns a copy of every stored value.
func (t *TempObjectStore) All() map[string]any {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]any, len(t.values))
	for k, v := range t.values {
		out[k] = v
	}
	return out
}

// MarshalJSON writes the store as getAll() shows it.
func (t *TempObjectStore) MarshalJSON() ([]byte, error) { return t.AppendJSON(nil) }

// AppendJSON writes the store as MarshalJSON does.
func (t *TempObjectStore) AppendJSON(dst []byte) ([]byte, error) {
	if t == nil {
		return append(dst, "null"...), nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.other != nil {
		return append(dst, t.other...), nil
	}
	obj := make(js.Object, 0, len(t.order))
	for _, k := range t.order {
		v := t.values[k]
		if v == nil {
			v = js.Null
		}
		obj = append(obj, js.Member{Key: k, Val: v})
	}
	return obj.AppendJSON(dst)
}
