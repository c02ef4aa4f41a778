package corpus

import (
	"fmt"
	"net/http"
	"strings"
)

// discoveryCases: POST /_command/discover, which never needs the shared secret.
func (s set) discoveryCases() []Case {
	first := func(c Case) Case {
		c.First = true
		return c
	}
	return []Case{
		first(bare("discovery/no-key", "POST", discoverPath, "")),
		first(s.post("discovery/with-key", discoverPath, "")),
		first(bare("discovery/wrong-key", "POST", discoverPath, "", hKey, "wrong")),
		first(s.post("discovery/upper-case", "/_COMMAND/DISCOVER", "")),
		first(s.post("discovery/trailing-slash", discoverPath+"/", "")),
		first(s.post("discovery/json-body", discoverPath, `{"x":1,"dataLink":{}}`)),
		first(s.post("discovery/array-body", discoverPath, `[1,2]`)),
		first(s.post("discovery/text-body", discoverPath, `hello`, hContentType, "text/plain")),
		first(s.post("discovery/query", discoverPath+"?a=1&b[]=2", "")),
		first(s.post("discovery/headers", discoverPath, "", hMeta, `{"_id":"kid_1"}`, hUsername, "ann")),
		s.post("discovery/invalid-json", discoverPath, `{"x":`).want(ExpectErrorPage).
			why("body-parser runs before the route"),
		s.get("discovery/get", discoverPath).
			why("GET /_command/discover is the data route: onGetById of the service object _command"),
		s.post("discovery/other-command", "/_command/other", "").want(ExpectErrorPage),
		s.post("discovery/command-root", "/_command", "").want(ExpectErrorPage).
			why("checkIfFlexFunction passes /_command to the next route, and none matches"),
		s.post("discovery/command-root-upper", "/_COMMAND", "").
			why("checkIfFlexFunction compares case-sensitively: onInsert of the service object _COMMAND"),
	}
}

// healthCases: GET /healthcheck, which never needs the shared secret.
func (s set) healthCases() []Case {
	return []Case{
		bare("health/no-key", "GET", "/healthcheck", ""),
		s.get("health/with-key", "/healthcheck"),
		bare("health/wrong-key", "GET", "/healthcheck", "", hKey, "wrong"),
		bare("health/query", "GET", "/healthcheck?verbose=1&a[]=2", ""),
		bare("health/trailing-slash", "GET", "/healthcheck/", ""),
		bare("health/upper-case", "GET", "/HEALTHCHECK", ""),
		s.get("health/escaped", "/health%63heck").
			why("routes match the raw path: %63 is not c, so this is the data route for the service object healthcheck"),
		bare("health/head", "HEAD", "/healthcheck", "").want(ExpectEmpty),
		bare("health/options", "OPTIONS", "/healthcheck", "").want(ExpectText),
		s.post("health/post", "/healthcheck", `{"a":1}`).
			why("POST /healthcheck is onInsert of the service object healthcheck"),
		bare("health/post-no-key", "POST", "/healthcheck", ""),
		s.req("health/delete", "DELETE", "/healthcheck", ""),
		bare("health/invalid-json", "GET", "/healthcheck", `{`, hContentType, ctJSON).want(ExpectErrorPage).
			why("body-parser runs before the health check"),
		bare("health/text-body", "GET", "/healthcheck", `{`, hContentType, "text/plain"),
		bare("health/if-none-match-star", "GET", "/healthcheck", "", "If-None-Match", "*").want(ExpectEmpty).
			why("Express answers a fresh conditional GET with 304 and no body"),
		bare("health/if-none-match-etag", "GET", "/healthcheck", "", "If-None-Match", `W/"10-sFEQCRKv8VNOpB4kaJ4yIsiJAWg"`).
			want(ExpectEmpty).why("the weak ETag Express computes for {\"healthy\":true}"),
		bare("health/if-none-match-other", "GET", "/healthcheck", "", "If-None-Match", `W/"10-other"`),
	}
}

// routingCases: Express's routing of paths and methods, before any handler.
func (s set) routingCases() []Case {
	page := ExpectErrorPage
	return []Case{
		s.get("routing/root", "/").want(page),
		s.post("routing/post-root", "/", `{}`).want(page),
		s.get("routing/too-deep", "/books/1/2").want(page),
		s.get("routing/double-slash", "/books//").want(page),
		s.get("routing/empty-id", "/books//x").want(page),
		s.req("routing/patch", "PATCH", "/books/1", `{"a":1}`).want(page),
		s.req("routing/propfind", "PROPFIND", "/books", "").want(page),
		s.req("routing/trace", "TRACE", "/books", "").want(page),
		s.req("routing/put-no-id", "PUT", "/books", `{"a":1}`).want(page),
		s.req("routing/put-trailing-slash-no-id", "PUT", "/books/", `{"a":1}`).want(page),
		s.post("routing/post-with-id", "/books/1", `{"a":1}`).want(page),
		s.req("routing/delete-too-deep", "DELETE", "/books/1/2", "").want(page),
		s.get("routing/count-too-deep", "/books/_count/x").want(page),
		s.post("routing/functions-root", "/_flexFunctions", `{}`).want(page),
		s.post("routing/functions-root-slash", "/_flexFunctions/", `{}`).want(page),
		s.post("routing/functions-too-deep", "/_flexFunctions/echo/x", `{}`).want(page),
		s.post("routing/functions-root-other-case", "/_FlexFunctions", `{"a":1}`).
			why("checkIfFlexFunction is case-sensitive: onInsert of the service object _FlexFunctions"),
		s.post("routing/functions-upper-case", "/_FLEXFUNCTIONS/echo", `{}`),
		s.post("routing/functions-trailing-slash", "/_flexFunctions/echo/", `{}`),
		s.get("routing/functions-get", "/_flexFunctions/echo").
			why("the data route: onGetById of the service object _flexFunctions"),
		s.req("routing/functions-put", "PUT", "/_flexFunctions/echo", `{"a":1}`),
		s.req("routing/functions-delete", "DELETE", "/_flexFunctions/echo", ""),
		s.post("routing/auth-root", "/_auth", `{"username":"a","password":"pw"}`).
			why("POST /_auth is onInsert of the service object _auth"),
		s.post("routing/auth-too-deep", "/_auth/login/x", `{}`).want(page),
		s.get("routing/auth-get", "/_auth/login"),
		s.post("routing/auth-upper-case", "/_AUTH/login", `{"username":"a","password":"pw"}`),
		s.get("routing/so-upper-case", "/BOOKS").
			why("service object names are case-sensitive: BOOKS is unknown"),
		s.get("routing/so-trailing-slash", "/books/"),
		s.get("routing/id-trailing-slash", "/books/1/"),
		s.get("routing/count-trailing-slash", "/books/_count/"),
		s.get("routing/count-upper-case", "/books/_COUNT").
			why("literal route segments match case-insensitively"),
		s.get("routing/count-escaped", "/books/%5Fcount").
			why("routes match the raw path: %5Fcount is an id, decoded to _count"),
		s.get("routing/so-escaped", "/%62ooks/1"),
		s.get("routing/id-escaped-slash", "/books/a%2Fb"),
		s.get("routing/id-escaped-space", "/books/a%20b"),
		s.get("routing/id-plus", "/books/a+b"),
		s.get("routing/id-utf8", "/books/caf%C3%A9"),
		s.get("routing/id-escaped-question-mark", "/books/a%3Fb%23c"),
		s.get("routing/id-semicolon", "/books/1;v=2"),
		s.get("routing/id-dot-dot", "/books/.."),
		s.get("routing/id-dot", "/books/."),
		s.get("routing/id-long", "/books/"+strings.Repeat("x", 2000)),
		s.get("routing/id-bad-escape", "/books/%ZZ").want(page),
		s.get("routing/id-bad-utf8", "/books/%E9").want(page),
		s.get("routing/id-lone-percent", "/books/%").want(page),
		s.get("routing/so-bad-escape", "/%ZZ/1").want(page),
		s.req("routing/put-bad-escape", "PUT", "/books/%ZZ", `{}`).want(page),
		s.fn("routing/function-name-escaped", "ec%68o", `{}`),
		s.fn("routing/function-name-bad-escape", "%ZZ", `{}`).want(page),
		s.req("routing/head-books", "HEAD", "/books", "").want(ExpectEmpty).
			why("HEAD takes the GET routes but the data task's method is HEAD: Cannot determine data operation"),
		bare("routing/head-books-no-key", "HEAD", "/books", "").want(ExpectEmpty),
		s.req("routing/head-book", "HEAD", "/books/1", "").want(ExpectEmpty),
		s.req("routing/head-count", "HEAD", "/books/_count", "").want(ExpectEmpty),
		s.req("routing/head-unknown", "HEAD", "/books/1/2", "").want(ExpectEmpty),
		s.get("routing/if-none-match-get-all", "/books", "If-None-Match", "*").want(ExpectEmpty),
		s.get("routing/if-none-match-not-found", "/books/missing", "If-None-Match", "*").
			why("only 2xx answers are fresh"),
		s.post("routing/if-none-match-post", "/books", `{"a":1}`, "If-None-Match", "*").
			why("only GET and HEAD are fresh"),
		bare("routing/if-none-match-no-key", "GET", "/books", "", "If-None-Match", "*"),
		bare("routing/options-books", "OPTIONS", "/books", "").want(ExpectText),
		bare("routing/options-book", "OPTIONS", "/books/1", "").want(ExpectText),
		bare("routing/options-count", "OPTIONS", "/books/_count", "").want(ExpectText),
		bare("routing/options-function", "OPTIONS", "/_flexFunctions/echo", "").want(ExpectText),
		bare("routing/options-discover", "OPTIONS", discoverPath, "").want(ExpectText),
		bare("routing/options-too-deep", "OPTIONS", "/books/1/2", "").want(page),
		bare("routing/unknown-no-key", "GET", "/books/1/2", "").want(page),
	}
}

// secretCases: the shared secret, X-Auth-Key, on every kind of route.
func (s set) secretCases() []Case {
	wrong := s.secret + "x"
	none := func(c Case) Case { return c.withoutHeader(hKey) }
	bad := func(c Case) Case {
		c.Header = c.Header.Clone()
		c.Header.Set(hKey, wrong)
		return c
	}
	return []Case{
		none(s.get("secret/get-all-missing", "/books")),
		bad(s.get("secret/get-all-wrong", "/books")),
		s.get("secret/get-all-empty", "/books").withoutHeader(hKey).withHeader(hKey, ""),
		s.get("secret/get-all-twice", "/books").withHeader(hKey, s.secret).
			why("Node joins repeated headers with \", \": the key is then not the secret"),
		s.get("secret/get-all-upper-case-value", "/books").withoutHeader(hKey).withHeader(hKey, strings.ToUpper(s.secret)+"X"),
		s.get("secret/get-all-lower-case-name", "/books").withoutHeader(hKey).withHeader("x-auth-key", s.secret),
		none(s.get("secret/in-query", "/books?X-Auth-Key="+s.secret)),
		none(s.get("secret/in-original-headers", "/books", hOrig, fmt.Sprintf(`{"x-auth-key":%q}`, s.secret))),
		none(s.get("secret/authorization-header", "/books", "Authorization", s.secret)),
		none(s.get("secret/count-missing", "/books/_count")),
		bad(s.get("secret/count-query-wrong", "/books/_count?a=1")),
		none(s.get("secret/get-by-id-missing", "/books/1")),
		none(s.get("secret/get-by-query-missing", "/books?a=1")),
		none(s.post("secret/insert-missing", "/books", `{"title":"x"}`)),
		bad(s.post("secret/insert-many-wrong", "/books", `[{"title":"x"}]`)),
		bad(s.req("secret/update-wrong", "PUT", "/books/1", `{"title":"x"}`)),
		none(s.req("secret/delete-by-id-missing", "DELETE", "/books/1", "")),
		none(s.req("secret/delete-all-missing", "DELETE", "/books", "")),
		bad(s.req("secret/delete-by-query-wrong", "DELETE", "/books?a=1", "")),
		none(s.get("secret/outcomes-missing", "/outcomes/created")),
		none(s.get("secret/unknown-so-missing", "/nosuch/1")),
		none(s.fn("secret/function-missing", "echo", `{"body":{"a":1}}`)),
		bad(s.fn("secret/function-wrong", "echo", `{"body":{"a":1},"hookType":"pre"}`)),
		none(s.fn("secret/function-post-missing", "stamp", `{"hookType":"post","response":{"body":{"x":1}}}`)),
		none(s.fn("secret/function-unknown-missing", "nosuch", `{}`)),
		none(s.fn("secret/function-boom-missing", "boom", `{}`)).
			why("the key is checked before the handler runs"),
		none(s.fn("secret/function-hang-missing", "hang", `{}`)),
		none(s.auth("secret/auth-missing", "login", `{"username":"ann","password":"pw"}`)),
		bad(s.auth("secret/auth-wrong", "login", `{"username":"ann","password":"pw"}`)),
		none(s.auth("secret/auth-unknown-missing", "nosuch", `{}`)),
		none(s.post("secret/invalid-json-missing", "/books", `{`)).want(ExpectErrorPage).
			why("body-parser runs before the key is checked"),
		none(s.get("secret/unknown-route-missing", "/books/1/2")).want(ExpectErrorPage),
	}
}

// queryCases: Express's query parser (qs 6.5.2 with allowPrototypes), seen through onGetByQuery,
// which echoes request.query.
func (s set) queryCases() []Case {
	q := func(name, query string) Case { return s.get("query/"+name, "/books?"+query) }
	var many, brackets []string
	for i := range 1001 {
		many = append(many, fmt.Sprintf("k%d=%d", i, i))
	}
	for i := range 25 {
		brackets = append(brackets, fmt.Sprintf("a[]=%d", i))
	}
	return []Case{
		q("kinvey-query", `query=%7B%22title%22%3A%22Dune%22%7D`),
		q("kinvey-query-raw", `query={"title":"Dune"}`),
		q("kinvey-modifiers", `query=%7B%7D&sort=%7B%22title%22%3A1%7D&limit=10&skip=0&fields=title`),
		q("repeated", `a=1&a=2&a=3`),
		q("brackets", `a[]=1&a[]=2`),
		q("brackets-escaped", `a%5B%5D=1&a%5B%5D=2`),
		q("brackets-empty-value", `a[]=`),
		q("brackets-many", strings.Join(brackets, "&")),
		q("nested", `a[b]=1`),
		q("nested-deep", `a[b][c]=1&a[b][d]=2`),
		q("nested-over-depth", `a[b][c][d][e][f][g][h]=1`),
		q("index", `a[1]=x`),
		q("index-zero-and-two", `a[0]=x&a[2]=y`),
		q("index-20", `a[20]=x`),
		q("index-21", `a[21]=x`),
		q("index-and-key", `a[0]=x&a[b]=y`),
		q("plain-then-nested", `a=1&a[b]=2`),
		q("nested-then-plain", `a[b]=2&a=1`),
		q("brackets-then-plain", `a[]=1&a=2`),
		q("unclosed-bracket", `a[b=1`),
		q("close-bracket-only", `a]=1`),
		q("bracket-without-parent", `[a]=1`),
		q("plus", `q=a+b`),
		q("escaped-plus", `q=a%2Bb`),
		q("percent-utf8", `q=caf%C3%A9`),
		q("bad-escape", `q=%ZZ&r=1%`),
		q("bad-utf8", `q=%E9`),
		q("no-value", `a`),
		q("empty-value", `a=`),
		q("empty-key", `=x`).why("qs drops an empty key: no query at all, so onGetAll"),
		q("only-ampersands", `&&`),
		q("ampersands-around", `&a=1&&b=2&`),
		q("equals-in-value", `a=b=c`),
		q("dots", `a.b=1`),
		q("semicolon", `a=1;b=2`),
		q("escaped-key", `%61=1`),
		q("escaped-ampersand", `a=1%262`),
		q("case-of-keys", `A=1&a=2`),
		q("proto-nested", `__proto__[x]=1`),
		q("proto-plain", `__proto__=1&b=2`),
		q("prototype-names", `toString=1&hasOwnProperty=2&constructor=3`),
		q("parameter-limit", strings.Join(many, "&")).why("qs keeps the first 1000 parameters"),
		s.get("query/on-count", "/books/_count?query=%7B%22a%22%3A1%7D&a[]=1"),
		s.get("query/on-count-empty", "/books/_count?"),
		s.get("query/on-get-by-id", "/books/7?a[b]=1&a[b]=2"),
		s.req("query/on-delete", "DELETE", "/books?query=%7B%7D&x=1", ""),
		s.req("query/on-delete-by-id", "DELETE", "/books/3?x=1", ""),
		s.req("query/on-delete-empty", "DELETE", "/books?", ""),
		s.req("query/on-update-ignored", "PUT", "/books/7?x=1", `{"a":1}`),
		s.post("query/on-insert-ignored", "/books?x=1", `{"a":1}`),
		s.post("query/on-function", "/_flexFunctions/echo?a=1&b[]=2", `{"query":{"c":3}}`).
			why("the URL's query wins over the body's query field"),
		s.post("query/on-function-empty", "/_flexFunctions/echo?", `{"query":{"c":3}}`),
	}
}

// bodyCases: body-parser's json parser: content types, charsets, encodings, strictness, and how
// JSON values come back out of JavaScript.
func (s set) bodyCases() []Case {
	page := ExpectErrorPage
	ct := func(name, contentType, body string) Case {
		return s.post("body/"+name, "/books", body, hContentType, contentType)
	}
	return []Case{
		ct("json-charset", "application/json; charset=utf-8", `{"title":"a"}`),
		ct("json-upper-case", "APPLICATION/JSON; CHARSET=UTF-8", `{"title":"a"}`),
		ct("json-parameter", "application/json; foo=bar", `{"title":"a"}`),
		ct("json-latin1", "application/json; charset=latin1", `{"title":"a"}`).want(page),
		ct("json-unknown-charset", "application/json; charset=foo", `{"title":"a"}`).want(page),
		ct("json-utf16", "application/json; charset=utf-16", "").withBody(utf16LE(`{"title":"sixteen"}`)),
		ct("json-malformed-parameter", "application/json; charset", `{"title":"a"}`),
		ct("json-malformed-type", "application/", `{"title":"a"}`),
		ct("text-plain", "text/plain", `{"title":"a"}`),
		ct("text-plain-invalid", "text/plain", `{`),
		ct("vnd-json", "application/vnd.api+json", `{"title":"a"}`),
		ct("text-json", "text/json", `{"title":"a"}`),
		ct("form", "application/x-www-form-urlencoded", `title=a`),
		ct("multipart", "multipart/form-data; boundary=x", "--x\r\n\r\na\r\n--x--\r\n"),
		s.post("body/no-content-type", "/books", "").withBody([]byte(`{"title":"a"}`)),
		s.post("body/no-content-type-invalid", "/books", "").withBody([]byte(`{`)),
		s.post("body/empty", "/books", "", hContentType, ctJSON),
		s.post("body/whitespace-only", "/books", "  \n", hContentType, ctJSON).want(page),
		s.post("body/whitespace-before", "/books", " \t\r\n{\"title\":\"a\"}"),
		s.post("body/whitespace-after", "/books", "{\"title\":\"a\"} \n"),
		s.post("body/byte-order-mark", "/books", "\ufeff{\"title\":\"a\"}"),
		s.post("body/malformed", "/books", `{"title":`).want(page),
		s.post("body/malformed-trailing", "/books", `{"a":1} x`).want(page),
		s.post("body/two-values", "/books", `{"a":1}{"b":2}`).want(page),
		s.post("body/single-quotes", "/books", `{'a':1}`).want(page),
		s.post("body/scalar-number", "/books", `5`).want(page),
		s.post("body/scalar-string", "/books", `"x"`).want(page),
		s.post("body/scalar-null", "/books", `null`).want(page),
		s.post("body/scalar-true", "/books", `true`).want(page),
		s.post("body/duplicate-keys", "/books", `{"a":1,"a":2}`),
		s.post("body/proto-key", "/books", `{"__proto__":{"x":1},"title":"t"}`),
		s.post("body/numbers", "/books", `{"big":12345678901234567890,"f":0.1,"e":1E2,"neg0":-0,"tiny":5e-324,"small":1e-7,"large":1e21,"float":100.50}`),
		s.post("body/number-overflow", "/books", `{"inf":1e400,"ninf":-1e400}`),
		s.post("body/unicode", "/books", `{"t":"caf\u00e9 \ud83d\ude00 \u2028 \u0000 <>&"}`),
		s.post("body/lone-surrogate", "/books", `{"t":"\ud800"}`),
		s.post("body/raw-utf8", "/books", "{\"t\":\"caf\u00e9 \U0001F600\"}"),
		s.post("body/invalid-utf8", "/books", "").withBody([]byte("{\"t\":\"\xff\xfe\"}")),
		s.post("body/nested", "/books", strings.Repeat(`{"a":`, 60)+"1"+strings.Repeat("}", 60)),
		s.post("body/gzip", "/books", "", "Content-Encoding", "gzip", hContentType, ctJSON).withBody(gzipped(`{"title":"zipped"}`)),
		s.post("body/deflate", "/books", "", "Content-Encoding", "deflate", hContentType, ctJSON).withBody(zlibbed(`{"title":"deflated"}`)),
		s.post("body/gzip-not-gzip", "/books", `{"title":"a"}`, "Content-Encoding", "gzip").want(page),
		s.post("body/identity", "/books", `{"title":"a"}`, "Content-Encoding", "identity"),
		s.post("body/brotli", "/books", `{"title":"a"}`, "Content-Encoding", "br").want(page),
		s.post("body/gzip-text-plain", "/books", `{"title":"a"}`, "Content-Encoding", "gzip", hContentType, "text/plain"),
		s.get("body/invalid-on-get", "/books", hContentType, ctJSON).withBody([]byte(`{`)).want(page),
		s.req("body/invalid-on-delete", "DELETE", "/books/1", `{`).want(page),
		s.req("body/valid-on-delete", "DELETE", "/books/1", `{"a":1}`),
		s.get("body/valid-on-get", "/books/1", hContentType, ctJSON).withBody([]byte(`{"a":1}`)),
		s.fn("body/invalid-on-function", "echo", `{"body":`).want(page),
		s.fn("body/scalar-on-function", "echo", `5`).want(page),
		s.fn("body/array-on-function", "echo", `[{"body":1}]`),
		s.fn("body/text-on-function", "echo", `{"body":{"a":1}}`, hContentType, "text/plain"),
		s.auth("body/invalid-on-auth", "login", `{"password":`).want(page),
		s.post("body/invalid-on-unknown-route", "/a/b/c", `{`).want(page),
	}
}

// errorCases: handlers that throw or never answer, and the body limit.
func (s set) errorCases() []Case {
	oversized := s.post("errors/oversized", "/books", `{"title":"big"}`).want(ExpectErrorPage).
		why("one byte over body-parser's limit of 26214400 bytes: the body is valid JSON padded with spaces")
	oversized.Size = BodyLimit + 1
	return []Case{
		s.fn("errors/boom", "boom", `{}`).want(ExpectErrorPage),
		s.fn("errors/boom-pre", "boom", `{"hookType":"pre","body":{"a":1}}`).want(ExpectErrorPage),
		s.fn("errors/boom-post", "boom", `{"hookType":"post"}`).want(ExpectErrorPage),
		s.fn("errors/boom-no-body", "boom", "").want(ExpectErrorPage),
		s.fn("errors/hang", "hang", `{}`).want(ExpectNoAnswer),
		s.fn("errors/hang-pre", "hang", `{"hookType":"pre","body":{"a":1}}`).want(ExpectNoAnswer),
		s.fn("errors/method-number", "echo", `{"method":5}`).want(ExpectErrorPage).
			why("method.toUpperCase is not a function: a TypeError in the receiver"),
		s.fn("errors/method-object", "echo", `{"method":{"a":1}}`).want(ExpectErrorPage),
		s.fn("errors/method-true", "echo", `{"method":true}`).want(ExpectErrorPage),
		s.fn("errors/method-array", "stamp", `{"method":[]}`).want(ExpectErrorPage),
		s.fn("errors/method-number-unknown-function", "nosuch", `{"method":1}`).want(ExpectErrorPage),
		oversized,
		s.req("errors/options-ok", http.MethodOptions, "/outcomes/ok", "").want(ExpectText),
	}
}
