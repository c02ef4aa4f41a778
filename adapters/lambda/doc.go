// Package lambda serves a flexgo [core.Service] on AWS Lambda behind any of the fronts AWS puts
// before a function: API Gateway HTTP APIs and Lambda Function URLs (payload 2.0), API Gateway REST
// APIs (payload 1.0) and Application Load Balancers. One [Handler] recognises the event's shape,
// so the same binary serves whichever front the template wires up; [WithShape] pins it.
//
// Events are mapped onto [core.Request] by hand rather than through aws-lambda-go-api-proxy's
// converters: those build an *http.Request from an already decoded path and query (a Flex
// "?query={...}" and an id holding %2F must reach the core still encoded, exactly as the client
// sent them), and they cost an http.Request, a URL parse and a response recorder per invocation
// that the core does not need. The event types are aws-lambda-go's.
//
// The Lambda context reaches every handler: its deadline, capped by API Gateway's integration
// timeout (29 s for REST APIs, 30 s for HTTP APIs), bounds the request's timeout budget, less
// FLEX_TIMEOUT_RESERVE, so the answer leaves before Lambda or the gateway gives up.
package lambda
