//go:build linux

package idtable

import (
	"errors"
	"fmt"
	"slices"
)

// insert writes slot, for hash h, into the last table, first adding a
// table when that one is three quarters full (or full, after a crash
// between the two header words below). A slot that may have been added
// before a reboot is looked for in every table first.
func (t *Table) insert(h, slot uint64) error {
	if slot&versionMask <= t.load(wReadd) {
		if vs, err := t.candidates(h); err != nil || slices.Contains(vs, slot&versionMask) {
			return err
		}
	}
	for range 2 {
		n, count, err := t.shape()
		if err != nil {
			return err
		}
		if count < uint64(slotsIn(n-1))*3/4 {
			tab, err := t.table(n - 1)
			if err != nil {
				return err
			}
			mask := uint64(len(tab) - 1)
			for i, k := h&mask, 0; k < len(tab); i, k = (i+1)&mask, k+1 {
				switch cur := load(&tab[i]); cur {
				case slot:
					return nil // added before a crash, and added again
				case 0:
					store(&tab[i], slot)
					t.store(wCount, count+1)
					return nil
				}
			}
		}
		if err := t.grow(n); err != nil {
			return err
		}
	}
	return fmt.Errorf("%w: no room after growing", ErrInvalid)
}

// grow adds table n: the file first, then the header, the count last.
func (t *Table) grow(n int) error {
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
	t.store(wTables, uint64(n+1))
	t.store(wCount, 0)
	return nil
}

// shape returns the number of tables and the entries of the last one,
// checked: damage to the header is an error, never a panic.
func (t *Table) shape() (int, uint64, error) {
	n, count := t.load(wTables), t.load(wCount)
	if n < 1 || n > maxTables || count > uint64(slotsIn(int(n)-1)) {
		return 0, 0, fmt.Errorf("%w: %d tables, %d entries in the last", ErrInvalid, n, count)
	}
	return int(n), count, nil
}
