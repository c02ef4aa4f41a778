// Package flextest builds Flex requests of every kind and runs them against a [core.Service]
// in-process, with no network, as net/http/httptest does for http.Handlers.
//
// A request is built by a constructor named after what Kinvey asks ([GetByID], [Insert],
// [PreHook], [Auth], [Discover], …) and refined with With methods that add the Kinvey headers
// (the user, the shared secret, the app metadata, the client's original headers) and the rest of
// the context. Requests are values: each With method returns a new Request and leaves its
// receiver as it was, so a base request can be shared by the cases of a table test.
//
//	req := flextest.GetByID("books", "1").WithUser("bob", "u1").WithSecret("s3cret")
//	res := flextest.Do(svc, req)
//	var book Book
//	err := res.Decode(&book)
//
// [Do] hands the request to [core.Service.Serve] and returns a [Response]: the status, the raw
// JSON body, and for FlexFunctions calls the {request, response} answer parsed ([Response.Hook],
// [Response.Continue]). [Logs] records what the service logs; [NewService] builds a service with
// its logs recorded. [Request.HTTP] gives the same request as an *http.Request, for tests of an
// adapter.
package flextest
