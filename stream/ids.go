package stream

import (
	"crypto/rand"
	"encoding/binary"
	"time"

	"github.com/google/uuid"
)

// newIDs returns n UUIDv7 strings (RFC 9562: 48-bit Unix milliseconds,
// version 7, variant 10, random bits), drawing the randomness of the whole
// call in one read. uuid.NewV7 costs two allocations and one read per ID,
// which showed in BenchmarkAppend100; only the formatting is left to uuid.
func newIDs(n int) []string {
	buf := make([]byte, 16*n)
	_, _ = rand.Read(buf) // crypto/rand.Read never fails
	ms := uint64(time.Now().UnixMilli())
	ids := make([]string, n)
	for i := range ids {
		var u uuid.UUID
		copy(u[:], buf[16*i:16*i+16])
		var ts [8]byte
		binary.BigEndian.PutUint64(ts[:], ms)
		copy(u[:6], ts[2:])
		u[6] = 0x70 | u[6]&0x0f
		u[8] = 0x80 | u[8]&0x3f
		ids[i] = u.String()
	}
	return ids
}
