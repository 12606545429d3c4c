//go:build linux

package idtable

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
)

const (
	versionBits = 40
	versionMask = 1<<versionBits - 1
	// MaxVersion is the highest version a table holds.
	MaxVersion = versionMask
)

func pack(m Mark) uint64     { return m.Version<<24 | m.Check&(1<<24-1) }
func unpack(w uint64) Mark   { return Mark{Version: w >> 24, Check: w & (1<<24 - 1)} }
func (t *Table) boots() bool { return t.load(wBoot) == t.boot[0] && t.load(wBoot+1) == t.boot[1] }

// Hash is the table's keyed hash of an event ID.
func (t *Table) Hash(id string) uint64 {
	var buf [128]byte
	var sum [32]byte
	if len(id) <= len(buf)-len(t.key) {
		n := copy(buf[:], t.key[:])
		n += copy(buf[n:], id)
		sum = sha256.Sum256(buf[:n])
	} else {
		h := sha256.New()
		h.Write(t.key[:])
		h.Write([]byte(id))
		h.Sum(sum[:0])
	}
	return binary.LittleEndian.Uint64(sum[:])
}

// Check is what a [Mark] holds of the hash of id.
func (t *Table) Check(id string) uint64 { return t.Hash(id) >> versionBits }

// Mark returns how far the table covers its log. After a reboot that is
// the mark of the last [Table.Sync]: slots written since may be lost.
func (t *Table) Mark() (Mark, error) {
	var m Mark
	err := guard(func() error {
		if t.load(wRetired) != 0 {
			return ErrRetired
		}
		if !t.boots() { // read first: Add rewinds the mark before it sets the boot
			m = unpack(t.load(wSynced))
			return nil
		}
		m = unpack(t.load(wCovered))
		return nil
	})
	return m, err
}

// Add inserts es, whose versions must follow the mark one by one, and
// moves the mark to the last of them.
func (t *Table) Add(es []Entry) error {
	if len(es) == 0 {
		return nil
	}
	return guard(func() error {
		if t.load(wRetired) != 0 {
			return ErrRetired
		}
		if !t.boots() { // another boot: keep what was synced, and expect the rest again
			t.store(wReadd, max(t.load(wReadd), unpack(t.load(wCovered)).Version))
			t.store(wCovered, t.load(wSynced))
			t.store(wBoot, t.boot[0])
			t.store(wBoot+1, t.boot[1])
		}
		if next := unpack(t.load(wCovered)).Version + 1; es[0].Version != next || es[len(es)-1].Version > MaxVersion {
			return fmt.Errorf("%w: versions %d to %d after mark %d", ErrGap, es[0].Version, es[len(es)-1].Version, next-1)
		}
		var h uint64
		for i, e := range es {
			if e.Version != es[0].Version+uint64(i) {
				return fmt.Errorf("%w: version %d at %d", ErrGap, e.Version, i)
			}
			h = t.Hash(e.ID)
			if err := t.insert(h, h&^versionMask|e.Version); err != nil {
				return err
			}
		}
		t.store(wCovered, pack(Mark{es[len(es)-1].Version, h >> versionBits}))
		return nil
	})
}
