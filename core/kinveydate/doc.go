// Package kinveydate is the Node SDK's kinveyDate module (kinvey-flex-sdk
// 3.3.0): conversion between dates and Kinvey's Mongo date strings,
// ISODate("2024-03-05T10:00:00.000Z").
//
// Node reads date strings with new Date(string). [Parse] is a port of the V8
// date parser behind it (Node 20): the ES5 ISO 8601 format (date-only forms
// are UTC, date-times without an offset local, ±YYYYYY years, 24:00, any
// number of fraction digits), and V8's legacy grammar for everything else:
// Date.prototype.toString and toUTCString output, RFC 2822, month names in
// any position, m/d/y with two-digit years (00-49 are 20xx, 50-99 19xx), am
// and pm, UT/UTC/GMT/Z and the US zone abbreviations (EST, EDT, CST, CDT, MST,
// MDT, PST, PDT), numeric offsets, parenthesized comments, and V8's overflow
// of day 29-31 into the next month. Local times use time.Local (Node uses the
// process's TZ); a wall time skipped or repeated by a daylight-saving change
// is resolved as V8 with ICU does (the offset before the transition; the first
// of two occurrences).
//
// Node's answers for bad input are kept: "Invalid date" for a string that is
// not a date, no result (ok false) where Node returns null, and errors
// ([ErrInvalidDate], [ErrInvalidTime], [ErrInvalidFormat]) where
// fromKinveyDateString returns "Invalid date", an Invalid Date or
// "Invalid Format.".
//
// # Differences from Node
//
//   - There are no moment objects: toKinveyDateString of a moment has no Go
//     form, and fromKinveyDateString's "moment" format returns a time.Time.
//     moment's own string parser is modelled only where it commonly differs
//     from Date: an ISO date without a time is local midnight, and rejected
//     when the day does not exist. Its other rules (ISO week and ordinal
//     dates, the basic format 20240305, overflow in date-times, its RFC 2822
//     parser) are not reproduced; Date's are used.
//   - Time zone rules come from Go's zoneinfo (the system's, or
//     time/tzdata), which may be a different tzdata release than the ICU in
//     Node.
//   - Unicode tables (which characters are white space) are Go's.
package kinveydate
