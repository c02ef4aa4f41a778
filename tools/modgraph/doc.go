// Package modgraph checks what a user's module gets by requiring flexgo: its test builds a module
// that imports the core and one adapter, and lists its module graph (go list -m all).
package modgraph
