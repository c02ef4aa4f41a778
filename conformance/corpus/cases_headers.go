package corpus

import "fmt"

// headerCases: every header the receiver reads, with valid, invalid-JSON and odd values, seen
// through echo (which answers its context, and the whole task request and response) and modules.
func (s set) headerCases() []Case {
	echo := func(name, body string, kv ...string) Case { return s.fn("headers/"+name, "echo", body, kv...) }
	mod := func(name string, kv ...string) Case { return s.fn("headers/"+name, "modules", `{}`, kv...) }
	return []Case{
		// X-Kinvey-App-Metadata: JSON.parse(value) || {}; {} when it is not JSON.
		mod("app-metadata", hMeta, `{"_id":"kid_1","appsecret":"as","mastersecret":"ms","baasUrl":"https://b.example"}`),
		mod("app-metadata-invalid", hMeta, `{"_id":`),
		mod("app-metadata-null", hMeta, `null`),
		mod("app-metadata-string", hMeta, `"kid_1"`),
		mod("app-metadata-number", hMeta, `5`),
		mod("app-metadata-array", hMeta, `["kid_1"]`),
		mod("app-metadata-id-number", hMeta, `{"_id":5}`),
		mod("app-metadata-id-null", hMeta, `{"_id":null}`),
		mod("app-metadata-id-object", hMeta, `{"_id":{"a":[1]}}`),
		mod("app-metadata-empty", hMeta, ``),
		mod("app-metadata-twice", hMeta, `{"_id":"a"}`, hMeta, `{"_id":"b"}`),
		mod("app-metadata-utf8", hMeta, "{\"_id\":\"kid_\u00e9\"}"),

		// X-Kinvey-Original-Request-Headers: JSON.parse(value) || {}; {} when it is not JSON.
		echo("original-headers", `{}`, hOrig, `{"x-custom":"1","Accept":"application/json","n":5}`),
		echo("original-headers-invalid", `{}`, hOrig, `{"a":`),
		echo("original-headers-string", `{}`, hOrig, `"abc"`),
		echo("original-headers-number", `{}`, hOrig, `7`),
		echo("original-headers-array", `{}`, hOrig, `["a","b"]`),
		echo("original-headers-null", `{}`, hOrig, `null`),
		echo("original-headers-false", `{}`, hOrig, `false`),
		echo("original-headers-zero", `{}`, hOrig, `0`),
		echo("original-headers-empty-string", `{}`, hOrig, `""`),
		echo("original-headers-empty", `{}`, hOrig, ``),
		echo("original-headers-nested", `{}`, hOrig, `{"a":{"b":[1,{"c":null}]}}`),
		echo("original-headers-utf8", `{}`, hOrig, "{\"x-name\":\"jos\u00e9\"}"),
		echo("original-headers-escaped-utf8", `{}`, hOrig, `{"x-name":"jos\u00e9"}`),
		echo("original-headers-post", `{"hookType":"post"}`, hOrig, `{"a":"b"}`).
			why("a post hook's context.headers are the response's headers"),
		echo("original-headers-lower-case-name", `{}`).withHeader("x-kinvey-original-request-headers", `{"a":"b"}`),

		// X-Kinvey-Username and X-Kinvey-User-Id: '' when absent or empty.
		echo("username", `{}`, hUsername, "ann", hUserID, "u-1"),
		echo("username-empty", `{}`, hUsername, "", hUserID, ""),
		echo("username-utf8", `{}`, hUsername, "jos\u00e9", hUserID, "\u00fc"),
		echo("username-twice", `{}`, hUsername, "ann", hUsername, "bob"),
		echo("username-json", `{}`, hUsername, `{"a":1}`),
		echo("username-spaces", `{}`, hUsername, "a  b"),

		// X-Kinvey-Environment-Id and X-Kinvey-Request-Id: read, never answered.
		echo("environment-and-request-id", `{}`, hEnv, "kid_env", hRequestID, "req-1"),

		// X-Kinvey-Response-Status, -Headers, -Body: strings that win over the body's response.
		echo("response-status", `{}`, hRespStatus, "201"),
		echo("response-status-wins", `{"response":{"status":202}}`, hRespStatus, "abc"),
		echo("response-status-empty", `{"response":{"status":202}}`, hRespStatus, ""),
		echo("response-headers", `{}`, hRespHeaders, `{"a":"b"}`),
		echo("response-headers-post", `{"hookType":"post","response":{"headers":{"x":"y"}}}`, hRespHeaders, `{"a":"b"}`),
		echo("response-body-pre", `{"hookType":"pre"}`, hRespBody, `{"x":1}`),
		echo("response-body-text-pre", `{"hookType":"pre"}`, hRespBody, `text`),
		echo("response-body-post", `{"hookType":"post","response":{"body":{"y":2}}}`, hRespBody, `{"x":1}`),
		echo("response-body-text-post", `{"hookType":"post"}`, hRespBody, `text`),
		echo("response-body-number-post", `{"hookType":"post"}`, hRespBody, `12`),
		echo("response-body-custom", `{}`, hRespBody, `{"x":1}`),
		echo("response-all", `{"hookType":"pre"}`, hRespStatus, "204", hRespHeaders, "h", hRespBody, `[1]`),
		s.fn("headers/response-body-reject", "reject", `{}`, hRespBody, `{"x":1}`),
		s.fn("headers/response-body-rewrite-query", "rewriteQuery", `{}`, hRespBody, `{"x":1}`),
	}
}

// moduleCases: the modules the modules handler reads (requestContext, backendContext,
// tempObjectStore), through the headers and fields that feed them.
func (s set) moduleCases() []Case {
	mod := func(name, body string, kv ...string) Case { return s.fn("modules/"+name, "modules", body, kv...) }
	orig := func(name, headers string, kv ...string) Case {
		return mod(name, `{}`, append([]string{hOrig, headers}, kv...)...)
	}
	meta := `{"_id":"kid_1","appsecret":"as","mastersecret":"ms"}`
	auth := func(name, authorization string) Case {
		return orig(name, fmt.Sprintf(`{"authorization":%q}`, authorization), hMeta, meta)
	}
	version := func(name, v string) Case {
		return orig("version-"+name, fmt.Sprintf(`{"x-kinvey-client-app-version":%s}`, v))
	}
	custom := func(name, v string) Case {
		return orig("custom-"+name, fmt.Sprintf(`{"x-kinvey-custom-request-properties":%s}`, v))
	}
	return []Case{
		mod("minimal", `{}`),
		mod("no-body", ``),
		mod("all", `{"tempObjectStore":{"k":"v"}}`, hUsername, "ann", hUserID, "u-1", hMeta, meta,
			hOrig, `{"authorization":"`+basic("kid_1:as")+`","x-kinvey-client-app-version":"2.1.0",`+
				`"x-kinvey-custom-request-properties":"{\"color\":\"red\"}"}`),
		mod("pre", `{"hookType":"pre"}`, hUsername, "ann"),
		mod("post", `{"hookType":"post"}`, hUsername, "ann"),

		// Security context: the authorization original header against the app metadata.
		auth("security-app", basic("kid_1:as")),
		auth("security-master", basic("kid_1:ms")),
		auth("security-user", basic("ann:pw")),
		auth("security-wrong-secret", basic("kid_1:nope")),
		auth("security-app-key-only", basic("kid_1")),
		auth("security-app-key-empty-secret", basic("kid_1:")),
		auth("security-kinvey-token", "Kinvey abc.def"),
		auth("security-scheme-only", "Basic"),
		auth("security-two-spaces", "Basic  "+basic("kid_1:as")[len("Basic "):]),
		auth("security-lower-case-scheme", "basic "+basic("kid_1:as")[len("Basic "):]),
		auth("security-not-base64", "Basic !!!"),
		auth("security-unpadded", "Basic "+basic("kid_1:as")[len("Basic "):len(basic("kid_1:as"))-2]),
		auth("security-utf8", basic("kid_1:\u00e9")),
		auth("security-colon-in-secret", basic("kid_1:as:x")),
		orig("security-none", `{}`, hMeta, meta),
		orig("security-no-app-metadata", fmt.Sprintf(`{"authorization":%q}`, basic("kid_1:as"))),
		orig("security-capitalized-name", fmt.Sprintf(`{"Authorization":%q}`, basic("kid_1:as")), hMeta, meta),
		orig("security-number", `{"authorization":5}`, hMeta, meta),
		orig("security-array", `{"authorization":["Basic a2lkXzE6YXM="]}`, hMeta, meta),
		mod("security-real-header", `{}`, "Authorization", basic("kid_1:as"), hMeta, meta).
			why("only the original request's headers count"),

		// Client app version: x-kinvey-client-app-version, any case.
		version("semver", `"1.2.3"`),
		version("major-only", `"12"`),
		version("leading-zero", `"01.2"`),
		version("prefixed", `"v2.0"`),
		version("minor-not-number", `"3.x"`),
		version("negative", `"-1.0"`),
		version("exponent", `"1e3"`),
		version("spaces", `" 4 .1"`),
		version("four-parts", `"1.2.3.4"`),
		version("empty", `""`),
		version("number", `5`),
		version("null", `null`),
		version("huge", `"99999999999999999999.1"`),
		orig("version-upper-case-name", `{"X-Kinvey-Client-App-Version":"7.0"}`),
		orig("version-twice", `{"x-kinvey-client-app-version":"1.0","X-KINVEY-CLIENT-APP-VERSION":"2.0"}`),

		// Custom request properties: JSON in x-kinvey-custom-request-properties, any case.
		custom("color", `"{\"color\":\"red\"}"`),
		custom("color-number", `"{\"color\":5}"`),
		custom("color-object", `"{\"color\":{\"a\":[1]}}"`),
		custom("color-null", `"{\"color\":null}"`),
		custom("no-color", `"{\"shade\":\"dark\"}"`),
		custom("object-not-string", `{"color":"blue"}`),
		custom("invalid-json", `"{\"color\":"`),
		custom("json-string", `"\"red\""`),
		custom("json-null", `"null"`),
		custom("json-array", `"[\"red\"]"`),
		custom("number", `5`),
		orig("custom-upper-case-name", `{"X-Kinvey-Custom-Request-Properties":"{\"color\":\"green\"}"}`),

		// tempObjectStore: the handler sets seen=true.
		mod("temp-object", `{"tempObjectStore":{"a":1,"seen":false}}`),
		mod("temp-null", `{"tempObjectStore":null}`),
		mod("temp-false", `{"tempObjectStore":false}`),
		mod("temp-string", `{"tempObjectStore":"abc"}`),
		mod("temp-number", `{"tempObjectStore":5}`),
		mod("temp-array", `{"tempObjectStore":[1,2]}`),
		mod("temp-nested", `{"tempObjectStore":{"a":{"b":[1,{"c":2}]}}}`),

		// Username and user id.
		mod("username", `{}`, hUsername, "ann", hUserID, "u-1"),
		mod("username-utf8", `{}`, hUsername, "jos\u00e9"),
	}
}

// authCases: every FlexAuth handler and password branch, and unknown handlers.
func (s set) authCases() []Case {
	login := func(name, body string, kv ...string) Case { return s.auth("auth/"+name, "login", body, kv...) }
	return []Case{
		login("pw", `{"username":"ann","password":"pw"}`),
		login("pw-no-username", `{"password":"pw"}`),
		login("pw-username-number", `{"username":5,"password":"pw"}`),
		login("pw-username-null", `{"username":null,"password":"pw"}`),
		login("pw-username-object", `{"username":{"a":1},"password":"pw"}`),
		login("pw-username-array", `{"username":["a","b"],"password":"pw"}`),
		login("pw-options", `{"username":"ann","password":"pw","options":{"scope":"x"}}`),
		login("pw-extra-fields", `{"username":"ann","password":"pw","token":"x","authenticated":false}`),
		login("down", `{"username":"ann","password":"down"}`),
		login("oops", `{"username":"ann","password":"oops"}`),
		login("wrong", `{"username":"ann","password":"nope"}`),
		login("upper-case-password", `{"username":"ann","password":"PW"}`),
		login("password-number", `{"username":"ann","password":5}`),
		login("password-array", `{"username":"ann","password":["pw"]}`),
		login("no-password", `{"username":"ann"}`),
		login("empty-object", `{}`),
		login("array-body", `["pw"]`),
		login("no-body", ``),
		login("text-plain", `{"username":"ann","password":"pw"}`, hContentType, "text/plain"),
		s.post("auth/query-string", authPath+"login?username=ann&password=pw", `{}`).
			why("the query string is not read"),
		s.auth("auth/attrs", "attrs", `{}`),
		s.auth("auth/attrs-with-password", "attrs", `{"username":"ann","password":"pw"}`),
		s.auth("auth/unknown", "nosuch", `{"username":"ann","password":"pw"}`),
		s.auth("auth/handler-case-differs", "LOGIN", `{"username":"ann","password":"pw"}`),
		s.auth("auth/handler-escaped", "log%69n", `{"username":"ann","password":"pw"}`),
		s.auth("auth/handler-is-function", "echo", `{"username":"ann","password":"pw"}`),
		s.auth("auth/handler-prototype", "toString", `{}`),
		s.post("auth/trailing-slash", authPath+"login/", `{"username":"ann","password":"pw"}`),
		s.auth("auth/with-headers", "login", `{"username":"ann","password":"pw"}`,
			hUsername, "bob", hMeta, `{"_id":"kid_1"}`, hOrig, `{"authorization":"Basic x"}`),
		s.auth("auth/functions-fields", "login", `{"username":"ann","password":"pw","hookType":"pre","body":{"password":"nope"}}`),
	}
}
