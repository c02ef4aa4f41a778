package querydiff

import (
	"encoding/json"
	"regexp"
	"testing"
	"time"

	"github.com/flexgo/flexgo/core/entity"
)

type entityCase struct {
	env        string
	bson       bool
	input      any // nil: entity(); else a string or a JSON object
	ops        [][]any
	checkPlain bool
}

var aclOps = [][]any{
	{"getCreator"}, {"getReaders"}, {"addReader", "u1"}, {"addReader", "u2"}, {"addReader", "u1"}, {"getReaders"},
	{"removeReader", "u1"}, {"removeReader", "nobody"}, {"getReaders"}, {"getWriters"}, {"addWriter", "w1"},
	{"addWriter", "w1"}, {"removeWriter", "w1"}, {"getWriters"}, {"getReaderGroups"}, {"addReaderGroup", "g1"},
	{"addReaderGroup", "g1"}, {"addReaderGroup", "g2"}, {"removeReaderGroup", "g1"}, {"getReaderGroups"},
	{"getWriterGroups"}, {"addWriterGroup", "g3"}, {"removeWriterGroup", "zz"}, {"getWriterGroups"},
	{"getReaderRoles"}, {"addReaderRole", "r1"}, {"getReaderRoles"}, {"removeReaderRole", "r1"},
	{"getUpdateRoles"}, {"addUpdateRole", "r2"}, {"addUpdateRole", "r2"}, {"getUpdateRoles"}, {"removeUpdateRole", "r2"},
	{"getDeleteRoles"}, {"addDeleteRole", "r3"}, {"getDeleteRoles"}, {"removeDeleteRole", "r3"}, {"getDeleteRoles"},
	{"getGloballyReadable"}, {"getGloballyWritable"}, {"setGloballyReadable", true}, {"getGloballyReadable"},
	{"setGloballyWritable", false}, {"getGloballyWritable"},
}

func entityCases() []entityCase {
	objs := []string{
		`{}`, `{"key":"value"}`, `{"_id":"existing_id","key":"value"}`, `{"_id":"","a":1}`, `{"_id":0}`,
		`{"_acl":{"r":[1,2,3],"w":[1,2,3]}}`, `{"_acl":{"creator":"someone","r":["u1","u1","x"],"groups":{"r":["g1","g1"]}}}`,
		`{"_acl":{"creator":""}}`, `{"_acl":null,"_kmd":null}`, `{"_acl":0}`, `{"_kmd":{"ect":"2000-01-01T00:00:00.000Z"}}`,
		`{"_kmd":"kmd1"}`, `{"_kmd":{"lmt":"x","ect":""}}`, `{"_acl":{"gr":false,"gw":true}}`,
		`{"_acl":{"groups":null,"roles":{"r":["a"],"u":null}}}`, `{"_acl":{"r":null,"w":""}}`,
		`{"_acl":{"groups":{"r":["g1"]}},"_kmd":{}}`, `{"_acl":"str"}`, `{"_acl":5}`, `{"_acl":true,"_kmd":1}`,
	}
	var cs []entityCase
	for _, env := range []string{"test environment ID", ""} {
		for _, b := range []bool{false, true} {
			cs = append(cs, entityCase{env: env, bson: b, ops: aclOps, checkPlain: true})
			cs = append(cs, entityCase{env: env, bson: b, input: "abc", ops: aclOps})
			cs = append(cs, entityCase{env: env, bson: b, input: "", ops: aclOps})
			for _, o := range objs {
				var v any
				if err := json.Unmarshal([]byte(o), &v); err != nil {
					panic(err)
				}
				cs = append(cs, entityCase{env: env, bson: b, input: v, ops: aclOps, checkPlain: true})
			}
		}
	}
	return cs
}

func entityBatch() []map[string]any {
	var out []map[string]any
	for _, c := range entityCases() {
		m := map[string]any{"env": c.env, "bson": c.bson, "ops": c.ops, "checkPlain": c.checkPlain}
		if c.input != nil {
			m["input"] = c.input
		}
		out = append(out, m)
	}
	return out
}

var (
	hex24 = regexp.MustCompile(`^[0-9a-f]{24}$`)
	iso   = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
)

// shape mirrors runner.js's shape on JSON-decoded values.
func shape(v any, key string) any {
	switch x := v.(type) {
	case string:
		if (key == "lmt" || key == "ect") && iso.MatchString(x) {
			t, _ := time.Parse(time.RFC3339Nano, x)
			if d := time.Since(t); d < time.Minute && d > -time.Minute {
				return "<now>"
			}
		}
		if key == "_id" && hex24.MatchString(x) {
			return "<hexid>"
		}
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = shape(e, "")
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = shape(e, k)
		}
		return out
	}
	return v
}

func jsTypeof(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "object"
	}
	return "object"
}

func runEntityGo(c entityCase) map[string]any {
	mod := entity.New(c.env, c.bson)
	var e entity.Entity
	var err error
	switch in := c.input.(type) {
	case nil:
		e = mod.Entity()
	case string:
		e = mod.EntityWithID(in)
	case map[string]any:
		e, err = mod.FromMap(in)
	}
	if err != nil {
		return map[string]any{"error": map[string]any{"name": "TypeError", "message": "<any>"}}
	}
	res := map[string]any{"isEntity": mod.IsKinveyEntity(e)}
	if _, ok := e.ID().(entity.ObjectID); ok {
		res["idType"] = "object"
	} else {
		res["idType"] = jsTypeof(e.ID())
	}
	acl := e.ACL()
	var ops []any
	for _, op := range c.ops {
		name := op[0].(string)
		str := func() string { return op[1].(string) }
		var r any
		switch name {
		case "getCreator":
			r = acl.Creator()
		case "getReaders":
			r = acl.Readers()
		case "getWriters":
			r = acl.Writers()
		case "getReaderGroups":
			r = acl.ReaderGroups()
		case "getWriterGroups":
			r = acl.WriterGroups()
		case "getReaderRoles":
			r = acl.ReaderRoles()
		case "getUpdateRoles":
			r = acl.UpdateRoles()
		case "getDeleteRoles":
			r = acl.DeleteRoles()
		case "addReader":
			r = acl.AddReader(str())
		case "addWriter":
			r = acl.AddWriter(str())
		case "addReaderGroup":
			r = acl.AddReaderGroup(str())
		case "addWriterGroup":
			r = acl.AddWriterGroup(str())
		case "addReaderRole":
			r = acl.AddReaderRole(str())
		case "addUpdateRole":
			r = acl.AddUpdateRole(str())
		case "addDeleteRole":
			r = acl.AddDeleteRole(str())
		case "removeReader":
			r = acl.RemoveReader(str())
		case "removeWriter":
			r = acl.RemoveWriter(str())
		case "removeReaderGroup":
			r = acl.RemoveReaderGroup(str())
		case "removeWriterGroup":
			r = acl.RemoveWriterGroup(str())
		case "removeReaderRole":
			r = acl.RemoveReaderRole(str())
		case "removeUpdateRole":
			r = acl.RemoveUpdateRole(str())
		case "removeDeleteRole":
			r = acl.RemoveDeleteRole(str())
		case "getGloballyReadable":
			r = acl.GloballyReadable()
		case "getGloballyWritable":
			r = acl.GloballyWritable()
		case "setGloballyReadable":
			r = acl.SetGloballyReadable(op[1].(bool))
		case "setGloballyWritable":
			r = acl.SetGloballyWritable(op[1].(bool))
		}
		if _, ok := r.(entity.ACL); ok {
			ops = append(ops, "<acl>")
			continue
		}
		var v any
		_ = json.Unmarshal(mustJSON(r), &v)
		ops = append(ops, shape(v, ""))
	}
	res["ops"] = ops
	var plain any
	_ = json.Unmarshal(mustJSON(e), &plain)
	res["entity"] = shape(plain, "")
	res["isEntityAfter"] = mod.IsKinveyEntity(e)
	if c.checkPlain {
		res["isPlain"] = mod.IsKinveyEntity(plain)
	}
	return res
}

func TestEntities(t *testing.T) {
	b, a := nodeAnswer(t)
	cases := entityCases()
	if len(a.Entities) != len(b.Entities) {
		t.Fatalf("node answered %d entity cases, want %d", len(a.Entities), len(b.Entities))
	}
	same := 0
	for i, c := range cases {
		var node map[string]any
		if err := json.Unmarshal(a.Entities[i], &node); err != nil {
			t.Fatal(err)
		}
		if e, ok := node["error"].(map[string]any); ok {
			e["message"] = "<any>"
		}
		got := canonical(mustJSON(runEntityGo(c)))
		want := canonical(mustJSON(node))
		if got != want {
			t.Errorf("entity case %d (env %q, bson %v, input %s) differs:\n  node %s\n  go   %s", i, c.env, c.bson, mustJSON(c.input), short(want), short(got))
			continue
		}
		same++
	}
	t.Logf("entity: %d/%d programs identical (ids and timestamps compared by form)", same, len(cases))
}
