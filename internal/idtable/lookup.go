//go:build linux

package idtable

import (
	"fmt"
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
	n, _, err := t.shape()
	if err != nil {
		return nil, err
	}
	var vs []uint64
	for k := n - 1; k >= 0; k-- {
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
	return guard(func() error {
		m, err := t.Mark()
		if err != nil {
			return err
		}
		f, err := t.file()
		if err != nil {
			return err
		}
		defer f.Close()
		if err := f.Sync(); err != nil {
			return fmt.Errorf("idtable: sync: %w", err)
		}
		if t.boots() {
			t.store(wSynced, max(t.load(wSynced), pack(m)))
		}
		return f.Sync()
	})
}
