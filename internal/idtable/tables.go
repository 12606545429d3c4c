//go:build linux

package idtable

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// table returns the slots of table k, mapping the tables up to it that
// this process has not mapped yet (another process may have added them).
func (t *Table) table(k int) ([]uint64, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var f *os.File
	for len(t.tables) <= k {
		j := len(t.tables)
		if j < 4 { // inside the first page
			t.tables = append(t.tables, words(t.page[offset(j):offset(j)+int64(8*slotsIn(j))]))
			continue
		}
		if f == nil {
			var err error
			if f, err = t.file(); err != nil {
				return nil, err
			}
			defer f.Close()
		}
		b, err := mmap(f, offset(j), 8*slotsIn(j))
		if err != nil {
			return nil, fmt.Errorf("table %d: %w", j, err)
		}
		t.maps = append(t.maps, b)
		t.tables = append(t.tables, words(b))
	}
	return t.tables[k], nil
}

// file opens the table's file again, if the name still holds it.
func (t *Table) file() (*os.File, error) {
	f, err := t.dir.OpenFile(t.name, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("idtable: reopen: %w", errors.Join(err, ErrRetired))
	}
	if err != nil {
		return nil, fmt.Errorf("idtable: reopen: %w", err) // EMFILE, say: no judgement on the table
	}
	if st, err := f.Stat(); err != nil || !os.SameFile(st, t.ident) {
		f.Close()
		return nil, fmt.Errorf("idtable: reopen: %w", ErrRetired)
	}
	return f, nil
}

// mmap maps n bytes of f from off, shared and writable. A shortage of
// mappings or memory is errors.ErrUnsupported: the caller does without.
func mmap(f *os.File, off int64, n int) ([]byte, error) {
	b, err := unix.Mmap(int(f.Fd()), off, n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if errors.Is(err, unix.ENOMEM) {
		err = errors.Join(err, errors.ErrUnsupported)
	}
	if err != nil {
		return nil, fmt.Errorf("idtable: map: %w", err)
	}
	return b, nil
}

func load(p *uint64) uint64     { return atomic.LoadUint64(p) }
func store(p *uint64, v uint64) { atomic.StoreUint64(p, v) }
