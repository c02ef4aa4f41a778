package corpus

// dataCases: every FlexData event of the service object books, how the receiver selects it, and
// unknown service objects.
func (s set) dataCases() []Case {
	return []Case{
		// GET /:so and GET /:so/:id: onGetAll, onGetByQuery, onGetById.
		s.get("data/get-all", "/books"),
		s.get("data/get-all-empty-query", "/books?"),
		s.get("data/get-by-query", "/books?query=%7B%22title%22%3A%22Dune%22%7D"),
		s.get("data/get-by-query-limit", "/books?limit=1&skip=2"),
		s.get("data/get-by-id", "/books/42"),
		s.get("data/get-by-id-query", "/books/42?fields=title"),
		s.get("data/get-by-id-zero", "/books/0"),
		s.get("data/get-missing", "/books/missing"),
		s.get("data/get-bad", "/books/bad"),
		s.get("data/get-missing-upper-case", "/books/MISSING"),

		// GET /:so/_count: onGetCount, onGetCountByQuery.
		s.get("data/count", "/books/_count"),
		s.get("data/count-query", "/books/_count?query=%7B%22title%22%3A%22Dune%22%7D"),

		// POST /:so/: onInsert, or onInsertMany for an array body.
		s.post("data/insert", "/books", `{"title":"New"}`),
		s.post("data/insert-trailing-slash", "/books/", `{"title":"New"}`),
		s.post("data/insert-id-from-body", "/books", `{"_id":"mine","title":"x"}`),
		s.post("data/insert-empty-object", "/books", `{}`),
		s.post("data/insert-no-body", "/books", ""),
		s.post("data/insert-nested", "/books", `{"title":"x","tags":["a","b"],"meta":{"n":1,"ok":true,"none":null}}`),
		s.post("data/insert-body-field", "/books", `{"body":{"a":1},"hookType":"pre"}`).
			why("the functions fields mean nothing on a data route"),
		s.post("data/insert-many", "/books", `[{"title":"a"},{"title":"b","_id":"own"}]`),
		s.post("data/insert-many-empty", "/books", `[]`),
		s.post("data/insert-many-numbers", "/books", `[1,2]`),
		s.post("data/insert-many-strings", "/books", `["ab","c"]`),
		s.post("data/insert-many-nulls", "/books", `[null,{}]`),
		s.post("data/insert-many-arrays", "/books", `[[1,2]]`),
		s.post("data/insert-array-of-one-number", "/books", `[5]`).
			why("JSON.parse(array) parses String(array): [5] becomes 5, so onInsert"),
		s.post("data/insert-array-of-one-json-string", "/books", `["{\"t\":1}"]`),
		s.post("data/insert-array-of-one-json-array", "/books", `["[{\"t\":1},{\"t\":2}]"]`),
		s.post("data/insert-array-of-one-nested", "/books", `[[7]]`),
		s.post("data/insert-array-of-one-object", "/books", `[{"t":1}]`),
		s.post("data/insert-array-of-one-null", "/books", `[null]`),
		s.post("data/insert-array-of-one-true", "/books", `["true"]`),
		s.post("data/insert-array-of-one-string", "/books", `["abc"]`),

		// PUT /:so/:id: onUpdate.
		s.req("data/update", "PUT", "/books/7", `{"title":"T"}`),
		s.req("data/update-id-from-path", "PUT", "/books/7", `{"_id":"other","title":"T"}`),
		s.req("data/update-no-body", "PUT", "/books/7", ""),
		s.req("data/update-array", "PUT", "/books/7", `[1,2]`),
		s.req("data/update-array-of-one-json-string", "PUT", "/books/7", `["{\"a\":1}"]`),
		s.req("data/update-trailing-slash", "PUT", "/books/7/", `{"title":"T"}`),

		// DELETE /:so/:id?: onDeleteById, onDeleteByQuery, onDeleteAll (not registered).
		s.del("data/delete-by-id", "/books/3"),
		s.del("data/delete-by-query", "/books?query=%7B%22title%22%3A%22Dune%22%7D"),
		s.del("data/delete-all", "/books"),
		s.del("data/delete-all-trailing-slash", "/books/"),
		s.del("data/delete-count", "/books/_count").
			why("there is no DELETE count route: onDeleteById with the id _count"),

		// Unknown service objects: the SDK's not-implemented answer for every event.
		s.get("data/unknown-get-all", "/nosuch"),
		s.get("data/unknown-get-by-id", "/nosuch/1"),
		s.get("data/unknown-get-by-query", "/nosuch?a=1"),
		s.get("data/unknown-count", "/nosuch/_count"),
		s.post("data/unknown-insert", "/nosuch", `{"a":1}`),
		s.post("data/unknown-insert-many", "/nosuch", `[{"a":1}]`),
		s.req("data/unknown-update", "PUT", "/nosuch/1", `{"a":1}`),
		s.del("data/unknown-delete", "/nosuch/1"),
		s.get("data/unknown-escaped-name", "/no%20such"),
		s.get("data/unknown-prototype-name", "/constructor/1"),
		s.get("data/unknown-underscore", "/_nosuch"),

		// Receiver headers on data routes: none of them shows in a data answer.
		s.get("data/headers-ignored", "/books/1", hMeta, `{"_id":"kid_1"}`, hOrig, `{"a":"b"}`, hUsername, "ann",
			hUserID, "u1", hEnv, "env", hRequestID, "r1", hRespStatus, "201", hRespHeaders, `{"a":"b"}`),
		s.post("data/insert-response-body-header", "/books", `{"title":"x"}`, hRespBody, `{"ignored":true}`),
	}
}

// outcomeCases: every completion builder, through the service object outcomes.
func (s set) outcomeCases() []Case {
	o := func(id string, kv ...string) Case { return s.get("outcomes/"+id, "/outcomes/"+id, kv...) }
	return []Case{
		o("ok"),
		o("created"),
		o("accepted"),
		o("notFound"),
		o("notFoundDebug"),
		o("badRequest"),
		o("unauthorized"),
		o("forbidden"),
		o("notAllowed"),
		o("notImplemented"),
		o("runtimeError"),
		o("empty"),
		o("other"),
		s.get("outcomes/case-differs", "/outcomes/OK"),
		s.get("outcomes/escaped-id", "/outcomes/not%46ound"),
		s.get("outcomes/empty-response-body-object", "/outcomes/empty", hRespBody, `{"x":1}`),
		s.get("outcomes/empty-response-body-array", "/outcomes/empty", hRespBody, `[1,"a"]`),
		s.get("outcomes/empty-response-body-text", "/outcomes/empty", hRespBody, `hello`),
		s.get("outcomes/empty-response-body-null", "/outcomes/empty", hRespBody, `null`),
		s.get("outcomes/empty-response-body-number", "/outcomes/empty", hRespBody, `42`),
		s.get("outcomes/empty-response-body-quoted", "/outcomes/empty", hRespBody, `"q"`),
		s.get("outcomes/empty-response-body-false", "/outcomes/empty", hRespBody, `false`),
		s.get("outcomes/empty-response-body-empty", "/outcomes/empty", hRespBody, ``),
		s.get("outcomes/ok-response-body-header", "/outcomes/ok", hRespBody, `{"x":1}`),
		s.get("outcomes/get-all", "/outcomes"),
		s.get("outcomes/count", "/outcomes/_count"),
		s.post("outcomes/insert", "/outcomes", `{"a":1}`),
		s.del("outcomes/delete", "/outcomes/ok"),
	}
}
