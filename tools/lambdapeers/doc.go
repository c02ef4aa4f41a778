// Package lambdapeers measures flexgo's Lambda adapter beside what a Go user would reach for
// first: github.com/awslabs/aws-lambda-go-api-proxy's httpadapter around the net/http adapter's
// handler. Both serve the twin service from the same event bytes to the same answer bytes; its
// tests record where the two answer differently (encoded slashes, query strings), its benchmarks
// what each costs per event.
//
// github.com/akrylysov/algnhsa, the other well-known peer, is not served by the Go module proxy
// these machines reach, so it is not measured here.
package lambdapeers
