// Package bookstore is a realistic Flex service on flexgo: a catalogue of books.
//
//   - FlexData: the service object "books", over a [Storage] (an in-memory [Store] by default),
//     with every event: insert, insertMany, getById, getByQuery (any Kinvey query: a filter with
//     MongoDB's operators, sort, skip, limit and fields, evaluated by core/query; see
//     [ParseQuery]), getAll, count, count by query, update, delete by id, delete by query, and
//     delete all (master secret only).
//   - FlexFunctions: "validateBook", a pre hook that rejects a book without a title and stamps who
//     added it; "redactBook", a post hook that removes that stamp from what clients see; "stats", a
//     custom endpoint.
//   - FlexAuth: "login", checking the store's users and answering a bearer token.
//
// [New] serves sample data; [NewWithStore] takes the storage; [NewOnKinvey] keeps the books in a
// collection of the Kinvey app itself, through core/backend's data store. The mains beside this
// package run it on net/http (../main.go), AWS Lambda and Cloud Functions.
//
// The storage seam: every handler reaches its storage through one function of the request's
// [core.Task] (see newService). [NewWithStore]'s returns the injected Storage; [NewOnKinvey]'s
// builds a [KinveyStorage] per request from the task's app credentials and backend URL
// (backend.New(task).DataStore(...).Collection(...)), sharing one http.Client between requests,
// without touching a handler.
package bookstore
