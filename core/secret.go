package core

import (
	"crypto/sha256"
	"crypto/subtle"
	"log/slog"
)

// Secret is the shared secret Kinvey sends in the X-Auth-Key header. It never prints: String,
// GoString, LogValue and MarshalText all redact it, so it cannot leak through fmt, log/slog or JSON.
type Secret string

const redacted = "[redacted]"

// String implements fmt.Stringer without revealing the secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString implements fmt.GoStringer without revealing the secret.
func (s Secret) GoString() string { return `core.Secret("` + s.String() + `")` }

// LogValue implements slog.LogValuer without revealing the secret.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText implements encoding.TextMarshaler without revealing the secret.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// IsSet reports whether a secret is configured.
func (s Secret) IsSet() bool { return s != "" }

// secretDigest is a secret's SHA-256, computed once so a request hashes only its own key; keys
// are compared as digests, in constant time, so neither the content nor the length of the secret
// leaks through timing.
type secretDigest [sha256.Size]byte

func (s Secret) digest() secretDigest { return sha256.Sum256([]byte(s)) }

// digestOf is a presented key's SHA-256.
func digestOf(key string) secretDigest { return sha256.Sum256([]byte(key)) }

// equal compares two digests in constant time.
func (d secretDigest) equal(o secretDigest) bool { return subtle.ConstantTimeCompare(d[:], o[:]) == 1 }
