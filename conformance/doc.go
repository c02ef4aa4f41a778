// Package conformance holds flexgo's conformance tests: the same corpus of requests (package
// corpus) sent to the Node reference service (reference/, on kinvey-flex-sdk@3.3.0) and to its Go
// twin (twin/), behind each adapter, with the answers compared as shared/TWIN.md defines.
//
// Run them with
//
//	go test ./conformance/...
//
// They need node and conformance/reference/node_modules (npm ci there); without them the tests
// skip, unless the environment variable CI is set, when they fail.
package conformance
