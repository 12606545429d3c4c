package stream

import (
	"crypto/rand"
	"encoding/binary"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/sealstream/sealstream"
)

// assignIDs gives each of events without an ID, n of them, a UUIDv7 string
// (RFC 9562: 48-bit Unix milliseconds, version 7, variant 10, random bits),
// drawing the randomness of the whole call from a shared pool that one
// crypto/rand read fills 4 KiB at a time. uuid.NewV7 costs two allocations
// and one read per ID, and a read per call still cost 6% of
// BenchmarkAppend1; only the formatting is left to uuid.
func assignIDs(events []sealstream.Event, n int) {
	if n == 0 {
		return
	}
	var small [16 * 8]byte
	buf := small[:]
	if n > 8 {
		buf = make([]byte, 16*n)
	}
	buf = buf[:16*n]
	randomBytes(buf)
	var ts [8]byte
	binary.BigEndian.PutUint64(ts[:], uint64(time.Now().UnixMilli()))
	for i := range events {
		if events[i].ID != "" {
			continue
		}
		var u uuid.UUID
		copy(u[:], buf[:16])
		buf = buf[16:]
		copy(u[:6], ts[2:])
		u[6] = 0x70 | u[6]&0x0f
		u[8] = 0x80 | u[8]&0x3f
		events[i].ID = u.String()
	}
}

// pool holds random bytes not yet handed out.
var pool struct {
	sync.Mutex
	buf  [4096]byte
	left int // unused bytes at the end of buf
}

// randomBytes fills b from crypto/rand, through the pool for small reads.
func randomBytes(b []byte) {
	if len(b) > len(pool.buf)/4 {
		_, _ = rand.Read(b) // crypto/rand.Read never fails
		return
	}
	pool.Lock()
	defer pool.Unlock()
	if pool.left < len(b) {
		_, _ = rand.Read(pool.buf[:])
		pool.left = len(pool.buf)
	}
	from := len(pool.buf) - pool.left
	copy(b, pool.buf[from:from+len(b)])
	clear(pool.buf[from : from+len(b)]) // handed out once
	pool.left -= len(b)
}

// newID returns one new UUIDv7 string.
func newID() string {
	e := [1]sealstream.Event{}
	assignIDs(e[:], 1)
	return e[0].ID
}
