// Package load drives the twin service through the net/http adapter: a bounded mixed load whose
// every answer is checked (TestLoad), and the adapter's benchmark beside a bare net/http control
// (BenchmarkHandler), which the bench harness runs.
package load
