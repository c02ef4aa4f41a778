// Package core is the platform-neutral heart of flexgo: the Kinvey Flex protocol as the Node
// kinvey-flex-sdk 3.3.0 speaks it, with no dependency beyond the standard library.
//
// A [Service] owns its handlers: FlexData service objects ([Service.ServiceObject]), FlexFunctions
// ([Service.Function]) and FlexAuth handlers ([Service.Auth]). Adapters (net/http, AWS Lambda,
// Cloud Functions) turn what their platform receives into a [Request], call [Service.Serve] (or
// [Service.ServeTo], where the platform can answer from another goroutine), and write the
// [Response] back; the core does the rest: routing, the shared secret, the task model,
// the completion builders, discovery, the health check, the timeout budget, and Kinvey-shaped
// JSON errors for everything that can go wrong.
//
// Handlers take a [context.Context] first. Its deadline is the request's timeout budget: the
// smaller of [Config.Timeout] and the platform's own deadline less [Config.TimeoutReserve]. When
// the budget runs out the caller is answered at once with a JSON error and the context is
// cancelled. A handler completes exactly once, with Done or Next on its [Completion] (or
// [AuthCompletion]); it may do so from another goroutine, and may keep working afterwards.
//
// Where the Node SDK answers with an HTML error page, a stack trace, or not at all, the core
// answers with the same status and a JSON Kinvey error instead; the README lists each difference.
package core
