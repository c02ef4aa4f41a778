// Package express is the part of Express 4.16 (with body-parser 1.18.3 and qs 6.5.2) that the
// Node SDK's receiver, kinvey-code-task-runner, puts between Kinvey and a handler, ported so that
// flexgo reads a request exactly as the reference does: the routes and how paths match them
// ([Find]), query strings ([ParseQuery]), JSON bodies ([ReadBody]), conditional GETs
// ([NotModified]) and header values ([Header]). Where Express answers a failure with an HTML page,
// these return the failure for the core to answer in Kinvey's JSON error shape.
package express
