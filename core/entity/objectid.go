package entity

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// ObjectID is a BSON ObjectId: 4 bytes of Unix seconds (big-endian), 3 bytes
// of machine id, 2 bytes of process id and a 3-byte counter, as the bson
// 0.4.x package the Node SDK uses generates them.
//
// It is written by hand with crypto/rand and time rather than imported: the
// project takes only the standard library, and the one well-kept
// implementation (go.mongodb.org/mongo-driver's primitive.ObjectID) would
// bring in the whole MongoDB driver module for twelve bytes.
type ObjectID [12]byte

// The process's part of every ObjectID: a random machine id and the counter's random start,
// drawn the first time an ObjectID is made (not at program start: the package does nothing
// until it is used).
var (
	machineID   [3]byte
	counter     atomic.Uint32
	seedCounter sync.Once
)

func seed() {
	var b [7]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("entity: crypto/rand failed: " + err.Error())
	}
	copy(machineID[:], b[:3])
	counter.Store(binary.BigEndian.Uint32(b[3:]) & 0xFFFFFF)
}

// NewObjectID returns a new ObjectID for the current time.
func NewObjectID() ObjectID { return newObjectIDAt(time.Now()) }

func newObjectIDAt(t time.Time) ObjectID {
	seedCounter.Do(seed)
	var id ObjectID
	binary.BigEndian.PutUint32(id[0:4], uint32(t.Unix()))
	copy(id[4:7], machineID[:])
	pid := uint16(os.Getpid() % 0xFFFF)
	binary.BigEndian.PutUint16(id[7:9], pid)
	c := counter.Add(1) % 0xFFFFFF
	id[9], id[10], id[11] = byte(c>>16), byte(c>>8), byte(c)
	return id
}

// ParseObjectID reads a 24-digit hexadecimal ObjectID.
func ParseObjectID(s string) (ObjectID, error) {
	var id ObjectID
	if len(s) != 24 {
		return id, errors.New("entity: an ObjectID is 24 hexadecimal digits")
	}
	if _, err := hex.Decode(id[:], []byte(s)); err != nil {
		return id, errors.New("entity: an ObjectID is 24 hexadecimal digits")
	}
	return id, nil
}

// Hex returns the 24 lowercase hexadecimal digits (Node's toHexString).
func (id ObjectID) Hex() string { return hex.EncodeToString(id[:]) }

// String is Hex, as Node's toString.
func (id ObjectID) String() string { return id.Hex() }

// Timestamp is the creation time the id carries, to the second.
func (id ObjectID) Timestamp() time.Time {
	return time.Unix(int64(binary.BigEndian.Uint32(id[0:4])), 0)
}

// MarshalJSON writes the hex string, as Node's ObjectID.toJSON.
func (id ObjectID) MarshalJSON() ([]byte, error) { return []byte(`"` + id.Hex() + `"`), nil }

// UnmarshalJSON reads the hex string.
func (id *ObjectID) UnmarshalJSON(b []byte) error {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return errors.New("entity: an ObjectID is a JSON string")
	}
	v, err := ParseObjectID(string(b[1 : len(b)-1]))
	if err != nil {
		return err
	}
	*id = v
	return nil
}
