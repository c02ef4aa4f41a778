// Package js is the JavaScript value model flexgo answers with, written once for the core, the
// backend module and the Lambda adapter's event recognition.
//
// The Node SDK leans on JavaScript semantics that decide what a caller sees: `a || b`
// (truthiness), String(v), JSON.parse applied to values that are already parsed (it converts
// them with String() first, so ["1"] becomes 1 and {} fails), JSON.stringify leaving out
// undefined, and objects that keep their keys in insertion order. No library models these for Go
// values, so this package does, for the values flexgo carries:
//
//   - nil: undefined (left out of objects by JSON.stringify);
//   - json.RawMessage: a JSON value as a request or an answer carried it;
//   - [Object]: an object built member by member, in order;
//   - anything else: a value a handler gave, written as encoding/json writes it (without HTML
//     escaping, as JSON.stringify), or by its own AppendJSON ([Appender]).
//
// The raw JSON it reads has passed json.Valid or comes from an encoder: the scanner ([Scan],
// [Each], [Field]) reads members without decoding them (encoding/json's Decoder costs a dozen
// allocations per member) and stops at anything malformed.
package js
