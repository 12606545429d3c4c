//go:build linux

package idtable

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"golang.org/x/sys/unix"
)

// Entry is one record as the table sees it.
type Entry struct {
	ID      string
	Version uint64
}

// Mark is how far a table covers its log: the version, and the hash of
// the event ID found there (see [Table.Hash]).
type Mark struct {
	Version uint64
	Check   uint64
}

const (
	versionBits = 40
	versionMask = 1<<versionBits - 1
	// MaxVersion is the highest version a table holds.
	MaxVersion = versionMask
)

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

// Mark returns how far the table covers its log. After a reboot that is
// the mark of the last [Table.Sync]: slots written since may be lost.
func (t *Table) Mark() (Mark, error) {
	var m Mark
	err := guard(func() error {
		if t.load(wRetired) != 0 {
			return ErrRetired
		}
		m = Mark{t.load(wCovered), t.load(wCheck)}
		if t.load(wBoot) != t.boot[0] || t.load(wBoot+1) != t.boot[1] {
			m = Mark{t.load(wSynced), t.load(wSynChk)}
		}
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
		if t.load(wBoot) != t.boot[0] || t.load(wBoot+1) != t.boot[1] {
			t.store(wCovered, t.load(wSynced)) // another boot: keep what was synced
			t.store(wCheck, t.load(wSynChk))
			t.store(wBoot, t.boot[0])
			t.store(wBoot+1, t.boot[1])
		}
		if next := t.load(wCovered) + 1; es[0].Version != next || es[len(es)-1].Version > MaxVersion {
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
		t.store(wCheck, h)
		t.store(wCovered, es[len(es)-1].Version)
		return nil
	})
}

// insert writes slot, for hash h, into the last table, growing the file first when
// that table is three quarters full.
func (t *Table) insert(h, slot uint64) error {
	n, count := int(t.load(wTables)), t.load(wCount)
	if count >= uint64(slotsIn(n-1))*3/4 {
		if n == maxTables {
			return fmt.Errorf("%w: %d tables", ErrInvalid, n)
		}
		f, err := t.file()
		if err != nil {
			return err
		}
		err = f.Truncate(max(pageSize, offset(n+1)))
		if err = errors.Join(err, f.Close()); err != nil {
			return fmt.Errorf("idtable: grow: %w", err)
		}
		n, count = n+1, 0
		t.store(wCount, 0)
		t.store(wTables, uint64(n))
	}
	tab, err := t.table(n - 1)
	if err != nil {
		return err
	}
	mask := uint64(len(tab) - 1)
	for i, n := h&mask, 0; n < len(tab); i, n = (i+1)&mask, n+1 {
		switch cur := load(&tab[i]); cur {
		case slot:
			return nil // added before a crash, and added again
		case 0:
			store(&tab[i], slot)
			t.store(wCount, count+1)
			return nil
		}
	}
	return fmt.Errorf("%w: table %d full", ErrInvalid, n-1)
}

// Lookup returns the versions whose slots match id's hash, newest table
// first: candidates for the caller to check against the log.
func (t *Table) Lookup(id string) ([]uint64, error) {
	h := t.Hash(id)
	var vs []uint64
	err := guard(func() error {
		if t.load(wRetired) != 0 {
			return ErrRetired
		}
		for k := int(t.load(wTables)) - 1; k >= 0; k-- {
			tab, err := t.table(k)
			if err != nil {
				return err
			}
			mask := uint64(len(tab) - 1)
			for i, n := h&mask, 0; n < len(tab); i, n = (i+1)&mask, n+1 {
				cur := load(&tab[i])
				if cur == 0 {
					break
				}
				if v := cur & versionMask; cur&^versionMask == h&^versionMask && !slices.Contains(vs, v) {
					vs = append(vs, v) // added again after a reboot, in a later table
				}
			}
		}
		return nil
	})
	return vs, err
}

// Sync writes the table to disk and then records its mark as synced.
func (t *Table) Sync() error {
	return guard(func() error {
		m, err := t.Mark()
		if err != nil {
			return err
		}
		t.mu.Lock()
		maps := t.maps
		t.mu.Unlock()
		for _, b := range append([][]byte{t.page}, maps...) {
			if err := unix.Msync(b, unix.MS_SYNC); err != nil {
				return fmt.Errorf("idtable: sync: %w", err)
			}
		}
		t.store(wSynChk, m.Check)
		t.store(wSynced, m.Version)
		return unix.Msync(t.page, unix.MS_SYNC)
	})
}
