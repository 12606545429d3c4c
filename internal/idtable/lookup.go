//go:build linux

package idtable

import (
	"errors"
	"fmt"
	"os"
	"slices"
)

// Lookup returns the versions whose slots match id's hash, newest table
// first: candidates for the caller to check against the log.
func (t *Table) Lookup(id string) ([]uint64, error) {
	h := t.Hash(id)
	var vs []uint64
	err := guard(func() error {
		if t.load(wRetired) != 0 {
			return ErrRetired
		}
		var err error
		vs, err = t.candidates(h)
		return err
	})
	return vs, err
}

// candidates returns the versions of the slots that match hash h.
func (t *Table) candidates(h uint64) ([]uint64, error) {
	n := t.load(wTables) // not the count: a grow may change it meanwhile
	if n < 1 || n > maxTables {
		return nil, fmt.Errorf("%w: %d tables", ErrInvalid, n)
	}
	var vs []uint64
	for k := int(n) - 1; k >= 0; k-- {
		tab, err := t.table(k)
		if err != nil {
			return nil, err
		}
		mask := uint64(len(tab) - 1)
		for i, j := h&mask, 0; j < len(tab); i, j = (i+1)&mask, j+1 {
			cur := load(&tab[i])
			if cur == 0 {
				break
			}
			if v := cur & versionMask; cur&^versionMask == h&^versionMask && !slices.Contains(vs, v) {
				vs = append(vs, v)
			}
		}
	}
	return vs, nil
}

// Sync writes the table file to disk, every process's slots included, and
// then records the mark it had before as synced.
func (t *Table) Sync() error {
	p, err := t.StartSync()
	if err == nil {
		err = p.Flush()
	}
	if err == nil {
		err = t.EndSync(p)
	}
	if err == nil {
		err = p.Flush() // the header
	}
	return errors.Join(err, p.Close())
}

// A PendingSync is a [Table.Sync] in three steps, so that its fsync can
// run while the caller holds no lock on the table: StartSync, then Flush,
// which does not touch the mapping, then EndSync. Close it in the end.
type PendingSync struct {
	m Mark
	f *os.File
}

// StartSync takes the mark to record as synced and opens the file.
func (t *Table) StartSync() (*PendingSync, error) {
	p := &PendingSync{}
	err := guard(func() error {
		var err error
		if p.m, err = t.Mark(); err == nil {
			p.f, err = t.file()
		}
		return err
	})
	return p, err
}

// Flush fsyncs the file.
func (p *PendingSync) Flush() error {
	if err := p.f.Sync(); err != nil {
		return fmt.Errorf("idtable: sync: %w", err)
	}
	return nil
}

// EndSync records the mark as synced, once p flushed the file; a later
// Flush makes that durable too.
func (t *Table) EndSync(p *PendingSync) error {
	return guard(func() error {
		if t.load(wRetired) != 0 {
			return ErrRetired
		}
		if t.boots() {
			t.store(wSynced, max(t.load(wSynced), pack(p.m)))
		}
		return nil
	})
}

// Close closes the file.
func (p *PendingSync) Close() error {
	if p.f == nil {
		return nil
	}
	return p.f.Close()
}
