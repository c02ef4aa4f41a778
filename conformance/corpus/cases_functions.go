package corpus

import "fmt"

// functionCases: every FlexFunctions handler of the twin (and an unknown one) with every hookType,
// then odd hookType values.
func (s set) functionCases() []Case {
	// A body that gives every field, so that each hookType shows what it reads.
	const fields = `"body":{"a":1},"query":{"q":"1"},"objectName":"books","entityId":"e1",` +
		`"method":"PUT","response":{"status":201,"headers":{"h":"v"},"body":{"r":1}}`
	hooks := []struct{ name, field string }{
		{"absent", ""},
		{"pre", `"hookType":"pre",`},
		{"post", `"hookType":"post",`},
		{"custom", `"hookType":"customEndpoint",`},
	}
	var cases []Case
	for _, handler := range []string{"echo", "stamp", "rewriteQuery", "reject", "modules", "nosuch"} {
		for _, h := range hooks {
			name := fmt.Sprintf("functions/%s-%s", handler, h.name)
			cases = append(cases, s.fn(name, handler, "{"+h.field+fields+"}"))
		}
	}
	for _, odd := range []struct{ name, value string }{
		{"upper-case", `"PRE"`},
		{"capitalized", `"Post"`},
		{"unknown", `"onInsert"`},
		{"empty", `""`},
		{"null", `null`},
		{"number", `5`},
		{"zero", `0`},
		{"false", `false`},
		{"true", `true`},
		{"object", `{"pre":true}`},
		{"array", `["pre"]`},
	} {
		body := fmt.Sprintf(`{"hookType":%s,"body":{"a":1},"response":{"body":{"r":1}}}`, odd.value)
		cases = append(cases,
			s.fn("functions/echo-hook-"+odd.name, "echo", body),
			s.fn("functions/stamp-hook-"+odd.name, "stamp", body))
	}
	return append(cases,
		s.fn("functions/echo-minimal", "echo", `{}`),
		s.fn("functions/echo-no-body", "echo", ""),
		s.fn("functions/stamp-minimal", "stamp", `{}`),
		s.fn("functions/rewrite-query-minimal-pre", "rewriteQuery", `{"hookType":"pre"}`),
		s.fn("functions/reject-minimal", "reject", `{}`),
		s.fn("functions/name-case-differs", "ECHO", `{}`),
		s.fn("functions/name-prototype", "constructor", `{}`),
		s.fn("functions/name-auth-handler", "login", `{"username":"a","password":"pw"}`),
	)
}

// functionFieldCases: every field of the functions POST body, absent, null, falsy and odd-typed,
// seen through echo (which answers its whole context) and stamp (which merges the body).
func (s set) functionFieldCases() []Case {
	echo := func(name, body string, kv ...string) Case { return s.fn("fields/"+name, "echo", body, kv...) }
	stamp := func(name, body string, kv ...string) Case { return s.fn("fields/"+name, "stamp", body, kv...) }
	return []Case{
		// body: falsy values fall back to the whole POST body (appendBody: res.locals.body || req.body).
		echo("body-absent", `{"x":1}`),
		echo("body-null", `{"body":null,"x":1}`),
		echo("body-zero", `{"body":0,"x":1}`),
		echo("body-false", `{"body":false}`),
		echo("body-empty-string", `{"body":""}`),
		echo("body-json-string", `{"body":"{\"a\":1}"}`),
		echo("body-json-string-pre", `{"body":"{\"a\":1}","hookType":"pre"}`),
		echo("body-text-string", `{"body":"hello"}`).why("a string that is not JSON: Request body is not JSON"),
		echo("body-number-string", `{"body":"5"}`),
		echo("body-number", `{"body":5}`),
		echo("body-true", `{"body":true}`),
		echo("body-array", `{"body":[1,2]}`),
		echo("body-array-of-one", `{"body":[1]}`),
		echo("body-array-of-one-string", `{"body":["x"]}`),
		echo("body-array-of-one-json-string", `{"body":["{\"b\":2}"]}`),
		echo("body-empty-object", `{"body":{}}`),
		echo("body-empty-array", `{"body":[]}`),
		echo("body-proto-key", `{"body":{"__proto__":{"x":1},"a":1}}`),
		stamp("stamp-body-proto-key", `{"body":{"__proto__":{"x":1},"a":1}}`),
		stamp("stamp-body-string", `{"body":"\"abc\""}`),
		stamp("stamp-body-array", `{"body":[1,2]}`),
		stamp("stamp-body-number", `{"body":7}`),
		stamp("stamp-body-stamped", `{"body":{"stamped":"no"}}`),
		stamp("stamp-body-pre", `{"body":{"a":1},"hookType":"pre"}`),

		// method: the data method of the collection request; the HTTP method when absent or falsy.
		echo("method-get", `{"method":"get"}`),
		echo("method-delete", `{"method":"DELETE"}`),
		echo("method-null", `{"method":null}`),
		echo("method-empty", `{"method":""}`),
		echo("method-zero", `{"method":0}`),
		echo("method-odd-word", `{"method":"fetch"}`),

		// query: the URL's query when it has one, else the body's when it has own keys.
		echo("query-object", `{"query":{"a":1,"b":{"c":[1]}}}`),
		echo("query-empty-object", `{"query":{}}`),
		echo("query-json-string", `{"query":"{\"a\":1}"}`),
		echo("query-text-string", `{"query":"a=1"}`),
		echo("query-number-string", `{"query":"5"}`),
		echo("query-number", `{"query":5}`),
		echo("query-null", `{"query":null}`),
		echo("query-true", `{"query":true}`),
		echo("query-array", `{"query":[1,2]}`),
		echo("query-array-of-one", `{"query":[3]}`),
		echo("query-array-of-one-string", `{"query":["x"]}`),
		echo("query-empty-array", `{"query":[]}`),
		echo("query-pre", `{"query":{"a":1},"hookType":"pre"}`),

		// objectName: '' when falsy, any value otherwise.
		echo("object-name", `{"objectName":"books"}`),
		echo("object-name-null", `{"objectName":null}`),
		echo("object-name-empty", `{"objectName":""}`),
		echo("object-name-number", `{"objectName":5}`),
		echo("object-name-zero", `{"objectName":0}`),
		echo("object-name-object", `{"objectName":{"a":1}}`),

		// entityId: only when truthy.
		echo("entity-id", `{"entityId":"e1"}`),
		echo("entity-id-empty", `{"entityId":""}`),
		echo("entity-id-zero", `{"entityId":0}`),
		echo("entity-id-number", `{"entityId":5}`),
		echo("entity-id-null", `{"entityId":null}`),
		echo("entity-id-false", `{"entityId":false}`),
		echo("entity-id-object", `{"entityId":{"a":1}}`),
		echo("entity-id-string-zero", `{"entityId":"0"}`),

		// tempObjectStore: {} when falsy; echoed in request.tempObjectStore.
		echo("temp-object", `{"tempObjectStore":{"a":1}}`),
		echo("temp-null", `{"tempObjectStore":null}`),
		echo("temp-zero", `{"tempObjectStore":0}`),
		echo("temp-string", `{"tempObjectStore":"abc"}`),
		echo("temp-number", `{"tempObjectStore":5}`),
		echo("temp-array", `{"tempObjectStore":[1]}`),

		// response: status, headers and body, read only when response is truthy.
		echo("response-full", `{"response":{"status":201,"headers":{"a":"b"},"body":{"x":1}}}`),
		echo("response-full-post", `{"hookType":"post","response":{"status":201,"headers":{"a":"b"},"body":{"x":1}}}`),
		echo("response-full-pre", `{"hookType":"pre","response":{"status":201,"headers":{"a":"b"},"body":{"x":1}}}`),
		echo("response-empty-object", `{"response":{}}`),
		echo("response-null", `{"response":null}`),
		echo("response-string", `{"response":"abc"}`),
		echo("response-number", `{"response":5}`),
		echo("response-array", `{"response":[1]}`),
		echo("response-status-string", `{"response":{"status":"abc"}}`),
		echo("response-status-zero", `{"response":{"status":0}}`),
		echo("response-headers-string", `{"hookType":"post","response":{"headers":"h"}}`),
		echo("response-headers-null", `{"hookType":"post","response":{"headers":null}}`),
		echo("response-body-json-string-post", `{"hookType":"post","response":{"body":"{\"y\":2}"}}`),
		echo("response-body-text-post", `{"hookType":"post","response":{"body":"text"}}`),
		echo("response-body-zero-post", `{"hookType":"post","response":{"body":0}}`),
		echo("response-body-number-post", `{"hookType":"post","response":{"body":5}}`),
		echo("response-body-array-post", `{"hookType":"post","response":{"body":[1,2]}}`),
		echo("response-body-json-string-pre", `{"hookType":"pre","response":{"body":"{\"y\":2}"}}`),
		echo("response-body-text-pre", `{"hookType":"pre","response":{"body":"text"}}`),
		stamp("stamp-response-body-post", `{"hookType":"post","response":{"body":{"r":1}},"body":{"a":1}}`),

		// Unknown fields and odd whole bodies.
		echo("unknown-fields", `{"taskType":"data","taskName":"other","appId":"x","sdkVersion":"0"}`),
		echo("array-body", `[1,2,3]`),
		echo("empty-array-body", `[]`),
	}
}
