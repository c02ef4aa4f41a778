package entity

import (
	"encoding/json"
	"reflect"
	"regexp"
	"testing"
)

var hex24 = regexp.MustCompile(`^[0-9a-f]{24}$`)

func TestEntity(t *testing.T) {
	m := New("env", false)
	e := m.Entity()
	if !IsKinveyEntity(e) {
		t.Fatal("a new entity must be a Kinvey entity")
	}
	if id, ok := e.ID().(string); !ok || !hex24.MatchString(id) {
		t.Errorf("_id = %v", e.ID())
	}
	if e.ACL().Creator() != "env" || e.KMD()["lmt"] != e.KMD()["ect"] {
		t.Errorf("entity = %v", e)
	}
	if _, ok := New("env", true).Entity().ID().(ObjectID); !ok {
		t.Error("useBSONObjectID must give ObjectID values")
	}
	b, _ := json.Marshal(e)
	var plain map[string]any
	_ = json.Unmarshal(b, &plain)
	if IsKinveyEntity(plain) {
		t.Error("decoded JSON is not a Kinvey entity")
	}
	if w := m.EntityWithID("abc"); w.ID() != "abc" {
		t.Error("EntityWithID")
	}
}

func TestFromMap(t *testing.T) {
	m := New("env", false)
	tests := []struct {
		name    string
		doc     map[string]any
		creator any
		wantErr bool
	}{
		{"empty", map[string]any{}, "env", false},
		{"keeps creator", map[string]any{"_acl": map[string]any{"creator": "me"}}, "me", false},
		{"falsy creator", map[string]any{"_acl": map[string]any{"creator": ""}}, "env", false},
		{"null acl", map[string]any{"_acl": nil}, "env", false},
		{"string acl", map[string]any{"_acl": "x"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := m.FromMap(tt.doc)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			if err != nil {
				return
			}
			if !IsKinveyEntity(e) || e.ACL().Creator() != tt.creator {
				t.Errorf("entity = %v", e)
			}
			if reflect.ValueOf(e).Pointer() != reflect.ValueOf(tt.doc).Pointer() {
				t.Error("FromMap must complete the map in place")
			}
		})
	}
	e, _ := m.FromMap(map[string]any{"_id": "x", "_kmd": "kmd1"})
	if e.ID() != "x" || e["_kmd"] != "kmd1" {
		t.Errorf("existing values must be kept: %v", e)
	}
}

func TestACL(t *testing.T) {
	a := New("env", false).Entity().ACL()
	a.AddReader("u1").AddReader("u2").AddReader("u1").AddWriter("w").AddReaderGroup("g").AddDeleteRole("r")
	if got := a.Readers(); !reflect.DeepEqual(got, []any{"u1", "u2"}) {
		t.Errorf("readers %v", got)
	}
	a["r"] = []any{"u1", "x", "u1"}
	a.RemoveReader("u1")
	if got := a.Readers(); !reflect.DeepEqual(got, []any{"x"}) {
		t.Errorf("remove all occurrences: %v", got)
	}
	if a.GloballyReadable() != nil {
		t.Error("unset gr is nil")
	}
	if _, ok := a["gr"]; !ok {
		t.Error("reading gr stores null, as Node does")
	}
	a.SetGloballyReadable(true)
	if a.GloballyReadable() != true || len(a.ReaderGroups()) != 1 || len(a.DeleteRoles()) != 1 || len(a.UpdateRoles()) != 0 {
		t.Errorf("acl = %v", a)
	}
	var nilACL ACL
	nilACL.AddReader("x")
	if len(nilACL.Readers()) != 0 {
		t.Error("nil ACL reads as empty")
	}
}

func FuzzParseObjectID(f *testing.F) {
	f.Add(NewObjectID().Hex())
	f.Add("zz")
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseObjectID(s)
		if err != nil {
			return
		}
		if id.Hex() != s && id.Hex() != toLower(s) {
			t.Fatalf("%q -> %q", s, id.Hex())
		}
		b, _ := json.Marshal(id)
		var back ObjectID
		if err := json.Unmarshal(b, &back); err != nil || back != id {
			t.Fatalf("JSON round trip of %q: %v", s, err)
		}
	})
}

func toLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}
