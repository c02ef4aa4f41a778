package flextest

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
)

// Logs records the lines a service logs. It is safe for concurrent use: handlers log from their
// own goroutines. Lines a handler logs before it completes are recorded by the time [Do] returns;
// work started with Task.Go may log later (wait for it with svc.WaitBackground).
type Logs struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// NewLogs returns an empty record.
func NewLogs() *Logs { return &Logs{} }

// Write records p, one or more JSON lines.
func (l *Logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// String returns every line recorded.
func (l *Logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Reset forgets every line recorded.
func (l *Logs) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Reset()
}

// Line is one log line.
type Line struct {
	// Level is debug, info, warning, error or fatal, as the Node SDK names them.
	Level   string
	Message string
	// Attrs are the other members: the handler's key-value pairs, requestId, ...
	Attrs map[string]any
	// Raw is the line as it was written.
	Raw string
}

// Lines returns the lines recorded, in order. A line that is not JSON is returned with only Raw
// set.
func (l *Logs) Lines() []Line {
	var out []Line
	for _, raw := range strings.Split(strings.TrimRight(l.String(), "\n"), "\n") {
		if raw == "" {
			continue
		}
		line := Line{Raw: raw}
		var m map[string]any
		if json.Unmarshal([]byte(raw), &m) == nil {
			line.Level, _ = m["level"].(string)
			line.Message, _ = m["message"].(string)
			delete(m, "level")
			delete(m, "message")
			line.Attrs = m
		}
		out = append(out, line)
	}
	return out
}

// Find returns the first line whose message contains substr, and whether there is one.
func (l *Logs) Find(substr string) (Line, bool) {
	for _, line := range l.Lines() {
		if strings.Contains(line.Message, substr) {
			return line, true
		}
	}
	return Line{}, false
}
