// Package querydiff compares core/query, core/entity and core/kinveydate with
// the Node SDK they port (kinvey-flex-sdk@3.3.0 in ../reference/node_modules).
//
// The test builds one batch of cases (query builder chains, process runs on
// fixed data sets, kinveyDate conversions, entity ACL programs, and RegExp
// patterns), sends it to runner.js on one node process's standard input,
// replays every case in Go, and fails on any difference. It skips when node
// or the reference node_modules are missing.
package querydiff
