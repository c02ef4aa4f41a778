package query_test

import (
	"fmt"

	"github.com/flexgo/flexgo/core/query"
)

func ExampleNew() {
	q := query.New().
		EqualTo("status", "active").
		GreaterThan("age", 21).
		Descending("age").
		Limit(10)
	if err := q.Err(); err != nil {
		panic(err)
	}
	for _, p := range q.Params() {
		fmt.Printf("%s=%s\n", p.Key, p.Value)
	}
	// Output:
	// query={"status":"active","age":{"$gt":21}}
	// limit=10
	// sort={"age":-1}
}

func ExampleQuery_ToQueryString() {
	q := query.New().Contains("tags", []string{"a", "b"}).Fields("name", "tags").Skip(20)
	v := q.ToQueryString()
	fmt.Println(v.Get("query"), v.Get("fields"), v.Get("skip"))
	fmt.Println(v.Encode())
	// Output:
	// {"tags":{"$in":["a","b"]}} name,tags 20
	// fields=name%2Ctags&query=%7B%22tags%22%3A%7B%22%24in%22%3A%5B%22a%22%2C%22b%22%5D%7D%7D&skip=20
}

func ExampleQuery_String() {
	q := query.New().EqualTo("name", "x").Limit(5)
	fmt.Println(q)
	// Output: {"query":"{\"name\":\"x\"}","limit":"5"}
}

func ExampleQuery_Or() {
	q := query.New()
	q.EqualTo("a", 1).And().EqualTo("b", 2).Or().EqualTo("c", 3)
	fmt.Println(q.Params()[0].Value)
	// Output: {"$or":[{"$and":[{"a":1},{"b":2}]},{"c":3}]}
}

func ExampleQuery_Err() {
	q := query.New().GreaterThan("age", nil).EqualTo("name", "ignored")
	fmt.Println(q.Err())
	fmt.Println(len(q.Params()))
	// Output:
	// QueryError: You must supply a number or string.
	// 0
}

func ExampleQuery_Process() {
	data := []any{
		map[string]any{"_id": "1", "name": "Carol", "age": 41.0},
		map[string]any{"_id": "2", "name": "alice", "age": 30.0},
		map[string]any{"_id": "3", "name": "Bob", "age": "30"},
	}
	q := query.New().Matches("name", "^[A-Z]").Ascending("name").Fields("name")
	out, err := q.Process(data)
	if err != nil {
		panic(err)
	}
	for _, e := range out {
		fmt.Println(e)
	}
	// Output:
	// map[_id:3 name:Bob]
	// map[_id:1 name:Carol]
}

func ExampleCompileRegExp() {
	re, err := query.CompileRegExp("^a/b", "m")
	if err != nil {
		panic(err)
	}
	ok, _ := re.Test("x\u2028a/b")
	fmt.Println(re, ok)
	_, err = query.CompileRegExp("^(a", "")
	fmt.Println(err)
	// Output:
	// /^a\/b/m true
	// SyntaxError: Invalid regular expression: /^(a/: Unterminated group
}
