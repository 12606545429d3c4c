package keyset

import (
	"encoding/binary"
	"fmt"

	"github.com/sealstream/sealstream"
)

// Argon2Params are the argon2id cost parameters of a [Passphrase] protector.
type Argon2Params struct {
	Time    uint32 // passes over the memory
	Memory  uint32 // memory in KiB
	Threads uint8  // lanes computed in parallel
}

// DefaultArgon2 is the argon2id cost used by [OpenDirKeyring]: 3 passes
// over 64 MiB with 2 threads, the second recommendation of RFC 9106 with
// fewer lanes. One derivation took 62 to 117 ms (BenchmarkDefaultArgon2)
// on a shared 2-core VM, more on the first call of a process as the 64 MiB
// are first touched.
var DefaultArgon2 = Argon2Params{Time: 3, Memory: 64 * 1024, Threads: 2}

// Bounds on argon2id parameters, checked before any derivation so that a
// crafted container cannot make Open burn unbounded time or memory.
const (
	MaxArgon2Time    = 10      // passes
	MaxArgon2Memory  = 1 << 18 // KiB, 256 MiB
	MaxArgon2Threads = 16
	MinSaltSize      = 16 // bytes
	MaxSaltSize      = 64 // bytes
)

// saltSize is the size of the salt drawn for each sealed keyset.
const saltSize = 16

// argon2ParamsSize is the encoded size of Argon2Params before the salt.
const argon2ParamsSize = 4 + 4 + 1

// check returns an error when p is out of the bounds above, or below what
// argon2id accepts (memory under 8 KiB per thread).
func (p Argon2Params) check() error {
	switch {
	case p.Time < 1 || p.Time > MaxArgon2Time:
		return fmt.Errorf("argon2 time %d is outside 1..%d", p.Time, MaxArgon2Time)
	case p.Threads < 1 || p.Threads > MaxArgon2Threads:
		return fmt.Errorf("argon2 threads %d is outside 1..%d", p.Threads, MaxArgon2Threads)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > MaxArgon2Memory:
		return fmt.Errorf("argon2 memory %d KiB is outside %d..%d", p.Memory, 8*uint32(p.Threads), MaxArgon2Memory)
	}
	return nil
}

// encode returns the container parameters of a passphrase container:
// time u32 | memory u32 | threads u8 | salt, integers big-endian.
func (p Argon2Params) encode(salt []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, p.Time)
	b = binary.BigEndian.AppendUint32(b, p.Memory)
	return append(append(b, p.Threads), salt...)
}

// decodeArgon2 parses and bounds-checks the parameters written by encode.
// Every error matches [sealstream.ErrCorrupt]; its message has no package
// prefix, as the caller adds the blob's name.
func decodeArgon2(b []byte) (Argon2Params, []byte, error) {
	if len(b) < argon2ParamsSize {
		return Argon2Params{}, nil, fmt.Errorf("passphrase parameters of %d bytes are too short: %w", len(b), sealstream.ErrCorrupt)
	}
	p := Argon2Params{
		Time:    binary.BigEndian.Uint32(b),
		Memory:  binary.BigEndian.Uint32(b[4:]),
		Threads: b[8],
	}
	salt := b[argon2ParamsSize:]
	if len(salt) < MinSaltSize || len(salt) > MaxSaltSize {
		return Argon2Params{}, nil, fmt.Errorf("salt of %d bytes is outside %d..%d: %w", len(salt), MinSaltSize, MaxSaltSize, sealstream.ErrCorrupt)
	}
	if err := p.check(); err != nil {
		return Argon2Params{}, nil, fmt.Errorf("%w: %w", err, sealstream.ErrCorrupt)
	}
	return p, salt, nil
}
