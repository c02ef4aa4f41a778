//go:build race

package http_test

// raceEnabled scales the load test down under the race detector, which slows requests ~10x.
const raceEnabled = true
