//go:build race

package load_test

// raceEnabled scales the load test down under the race detector, which slows requests ~10x.
const raceEnabled = true
