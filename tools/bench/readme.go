package main

import (
	"errors"
	"os"
	"strings"
)

// The markers around the section the harness regenerates, in README.md and docs/performance.md.
const (
	markerStart = "<!-- bench:start -->"
	markerEnd   = "<!-- bench:end -->"
)

var errNoMarkers = errors.New("the " + markerStart + " and " + markerEnd + " markers are missing or out of order")

// replaceSection replaces what lies between the markers in doc with content; the markers stay.
func replaceSection(doc, content string) (string, error) {
	before, rest, ok := strings.Cut(doc, markerStart)
	if !ok {
		return "", errNoMarkers
	}
	_, after, ok := strings.Cut(rest, markerEnd)
	if !ok || strings.Contains(after, markerStart) {
		return "", errNoMarkers
	}
	return before + markerStart + "\n" + strings.TrimSpace(content) + "\n" + markerEnd + after, nil
}

// updateSection rewrites the section between the markers of the file at path.
func updateSection(path, content string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	doc, err := replaceSection(string(raw), content)
	if err != nil {
		return errors.New(path + ": " + err.Error())
	}
	return os.WriteFile(path, []byte(doc), 0o644)
}
