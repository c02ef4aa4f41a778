package entity_test

import (
	"encoding/json"
	"fmt"

	"github.com/flexgo/flexgo/core/entity"
)

func ExampleModule_Entity() {
	m := entity.New("my-env", false)
	e := m.EntityWithID("abc")
	e.ACL().AddReader("u1").AddReader("u1").AddWriterGroup("admins").SetGloballyReadable(false)
	delete(e, "_kmd") // timestamps vary
	b, _ := json.Marshal(e)
	fmt.Println(string(b))
	fmt.Println(entity.IsKinveyEntity(e))
	// Output:
	// {"_acl":{"creator":"my-env","gr":false,"groups":{"w":["admins"]},"r":["u1"]},"_id":"abc"}
	// false
}

func ExampleModule_FromMap() {
	m := entity.New("my-env", false)
	var doc map[string]any
	_ = json.Unmarshal([]byte(`{"_id":"42","name":"x","_acl":{"r":["u9"]},"_kmd":{"ect":"2020-01-01T00:00:00.000Z","lmt":"2021-01-01T00:00:00.000Z"}}`), &doc)
	fmt.Println(entity.IsKinveyEntity(doc))
	e, err := m.FromMap(doc)
	if err != nil {
		panic(err)
	}
	fmt.Println(entity.IsKinveyEntity(e), e.ACL().Creator(), e.ACL().Readers(), e.KMD()["lmt"])
	// Output:
	// false
	// true my-env [u9] 2021-01-01T00:00:00.000Z
}
