// Package backend is the part of the Node SDK's modules that calls Kinvey: dataStore, userStore,
// groupStore, roleStore, endpointRunner, email and push, as kinvey-flex-sdk 3.3.0 makes their
// calls — the same routes, methods, headers, query strings, bodies and credentials, the same
// argument checks and recursion guards, and the same reading of the answers.
//
// # Construction
//
// A [Client] is made from the task of the request a handler serves, whatever its kind
// (core.DataRequest, core.FunctionContext and core.AuthRequest all carry it), and hands out the
// modules:
//
//	func handler(ctx context.Context, fc *core.FunctionContext, c *core.Completion) {
//		bk := backend.New(fc.Task, backend.WithHTTPClient(shared))
//		audit := bk.DataStore(backend.StoreOptions{}).Collection("audit")
//		if _, err := audit.Save(ctx, entry); err != nil { ... }
//		me, err := backend.Decode[User](bk.UserStore(backend.StoreOptions{}).GetCurrentUser(ctx))
//		...
//	}
//
// The client reads the app key, the secrets and the backend URL (baasUrl) from the task's app
// metadata, and the Authorization header of the client's request for [StoreOptions.UseUserContext].
// Calls are made with the app's master secret by default, as in Node; userStore's Create uses
// the app secret; UseUserContext forwards the client's own credentials.
//
// # Calls
//
// Every call takes a context first and returns the backend's answer as a json.RawMessage and an
// error. The context bounds the call: the context a handler receives ends with the request's
// timeout budget, so a call never outlives it. [Decode] turns a result into a Go value:
//
//	book, err := backend.Decode[Book](books.FindByID(ctx, "b1"))
//
// Entities and bodies are any value encoding/json encodes; json.RawMessage is sent as it is.
// Queries are any [Query] (a value with ToQueryString() url.Values, such as core/query's).
//
// # Errors
//
// An answer the Node SDK rejects (status above 299 for the stores, 400 or more for email and
// push) and a call the SDK refuses to make (an argument missing, a recursive call) are an
// *[Error]: the Kinvey error name, description and debug, the HTTP status, and the body.
// A body that is empty or not JSON gives an *Error wrapping [ErrNotJSON]. Transport errors and
// the context's are returned wrapped, so errors.Is(err, context.DeadlineExceeded) holds.
//
// # Differences from Node
//
// Where the Node SDK crashes the process (an error answer with an empty or null body, a batch
// answer without entities and errors) the client returns an error. Ids with characters Node
// would send raw (non-ASCII, control characters) are percent-encoded. The Go API takes strings
// for ids, so the checks Node makes on arrays of ids cannot fail. See package
// github.com/flexgo/flexgo/conformance/backenddiff for what is compared with Node, call by call.
package backend
