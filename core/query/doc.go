// Package query is the Node SDK's Query module (kinvey-flex-sdk 3.3.0,
// lib/service/modules/query.js) in Go: a builder for Kinvey (Mongo-style)
// queries, its query-string form, and local evaluation of a query on data
// (process, which Node does with sift 3.2.6).
//
//	q := query.New().
//		EqualTo("status", "active").
//		GreaterThan("age", 21).
//		Descending("age").
//		Limit(10)
//	if err := q.Err(); err != nil { ... }
//	params := q.ToQueryString() // query={"status":"active","age":{"$gt":21}}, limit=10, sort={"age":-1}
//
// # Errors
//
// Where Node throws, the builder records the error and returns the query
// unchanged; later calls do nothing and [Query.Err] reports the first error
// (a sticky error, as with bufio.Scanner), so chains stay fluent. Node's
// QueryError is an [*Error] whose Debug is Node's err.debug; exceptions of the
// JavaScript runtime (TypeError, SyntaxError of RegExp, sift's "Unknown
// operation") are [*JSError] with V8's name and message.
//
// # Values
//
// Values are any Go values and are written as JavaScript would write the
// equivalent literal: numbers as Number.prototype.toString does (1e+21, 0.1,
// -0 as 0, integers without ".0", NaN and Infinity as null), strings with
// JSON.stringify's escaping (which, unlike encoding/json, leaves <, >, & and
// U+2028 alone), time.Time as toISOString(), maps with their keys sorted,
// [Object] in its own order, structs through encoding/json. JavaScript puts
// array-index keys ("0", "12") first in any object, and so does this package.
// [Undefined] stands for undefined. Values are copied when given, where Node
// keeps a reference to the caller's object.
//
// # Joins and the right-hand side
//
// And, Or and Nor without arguments return a new query for the right-hand side
// of the join, as Node does, with Node's precedence (AND over NOR over OR).
// As in Node, ToQueryString and String of such a query describe only that
// right-hand side; Process, MarshalJSON and PlainObject, like Node's toJSON,
// describe the top-level query. Joined queries are shared by reference, as in
// Node: changing a query after joining it changes the join.
//
// # Regular expressions
//
// Matches validates its pattern exactly as new RegExp(pattern) does in Node 20
// (a port of V8's parser, for patterns without the u and v flags) and stores
// the escaped source Node stores. For Process (and [RegExp.Test]) the
// expression is translated to Go's RE2 syntax with JavaScript's semantics:
// matching is on UTF-16 code units (so . matches half of an astral character,
// as in JavaScript), ^ and $ with the m flag use JavaScript's four line
// terminators, \s is JavaScript's set, \d \w \b are ASCII, a forward
// reference matches the empty string, and the i flag uses JavaScript's
// non-unicode Canonicalize (toUpperCase, Go's Unicode tables). What RE2
// cannot express is reported as an [*UnsupportedError] instead of a result:
// lookahead and lookbehind, backreferences to groups that may have matched,
// repetition counts above 1000 and programs beyond RE2's size limit, and the
// g and y flags (stateful in Node). The x flag that Matches' Extended option
// adds is not a JavaScript flag, so Process fails on it exactly as Node does
// (SyntaxError: Invalid flags).
//
// # Deliberate differences from Node
//
//   - ToQueryString returns url.Values; [Query.Params] and [Query.String] keep
//     Node's order.
//   - Arguments Go's types make impossible are not checked (Mod, Size, Near,
//     WithinBox, WithinPolygon take numbers; Process takes a slice), so their
//     Node errors ("divisor must be a number", "data argument must be of
//     type: Array.") cannot happen. Exists takes a bool.
//   - Joining a query into one that it contains (a cycle) is refused with
//     TypeError "Converting circular structure to JSON" at the join; Node
//     builds the cycle and throws that in toQueryString.
//   - FromOptions and SetSort accept only objects for the filter and the sort;
//     Node also takes arrays or primitives there and misbehaves later.
//   - A field named "__proto__" is an ordinary key here; in Node it reaches
//     the object's prototype.
//   - Property lookups see own members only: the members JavaScript inherits
//     from Object.prototype, Array.prototype or String.prototype (a field
//     named "constructor" or "toString") are missing here, present in Node.
//     "length" and indexes of arrays and strings are modelled.
//   - Process does not modify its argument (Node deletes fields from the
//     caller's objects); a removed array element is nil (a hole in Node,
//     null in its JSON).
//   - Go strings are UTF-8: a lone UTF-16 surrogate can only be given in
//     WTF-8 form, and invalid UTF-8 reads as U+FFFD.
//   - The $where operator (JavaScript code) is an UnsupportedError, and so
//     are RegExps with the u or v flag; the $type operator throws TypeError
//     as in Node whenever it meets a value.
//   - Date.prototype.toString, used only when a Date is compared with a
//     string inside an array, prints Go's zone abbreviation where V8 prints
//     ICU's long zone name.
package query
