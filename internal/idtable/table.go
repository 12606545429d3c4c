//go:build linux

package idtable

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Header words, each a little-endian uint64 at 8 times its number.
const (
	wMagic   = 0
	wKey     = 1 // 2 words
	wBind    = 3 // 4 words: SHA-256 of the stream ID
	wRetired = 7 // non-zero: replaced or removed; reopen by name
	wTables  = 8
	wCount   = 9  // entries in the last table
	wCovered = 10 // a packed Mark: how far the table covers the log
	wSynced  = 11 // a packed Mark: wCovered when the file was last synced
	wReadd   = 12 // versions up to it may be in the table already: added before a reboot
	wBoot    = 13 // 2 words: the boot in which wCovered was written
)

const (
	magic     = 0x3242_4154_4449_5353 // "SSIDTAB2"
	pageSize  = 4096
	maxTables = 40
)

// offset is the byte offset of table k, and slotsIn the number of its slots.
func offset(k int) int64 { return 256 << k }
func slotsIn(k int) int  { return 32 << k }

// Table is one stream's table file, mapped into memory. Its methods may
// run concurrently, except [Table.Close], which must run alone; [Table.Add]
// must besides be serialized across processes (the stream's writer lock).
type Table struct {
	dir   *os.Root
	name  string
	ident os.FileInfo // of the file mapped: the name may come to hold another
	page  []byte      // the first page: header and tables 0 to 3
	hdr   []uint64    // the header, as words
	key   [16]byte
	boot  [2]uint64

	mu     sync.Mutex
	tables [][]uint64 // mapped so far
	maps   [][]byte   // mappings of tables 4 and on, to unmap
}

// Open maps the table file name in dir, which must belong to streamID.
// A missing file gives an error matching [fs.ErrNotExist]; one that is
// not a table of streamID, [ErrInvalid].
func Open(dir *os.Root, name, streamID string) (*Table, error) {
	f, err := dir.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close() // the mappings outlive it
	t, err := mapTable(dir, name, f)
	if err == nil {
		err = t.check(streamID)
	}
	if err != nil {
		_ = t.Close()
		return nil, err
	}
	return t, nil
}

// mapTable maps the first page of f, the file at name in dir. On failure
// t can still be closed.
func mapTable(dir *os.Root, name string, f *os.File) (t *Table, err error) {
	t = &Table{dir: dir, name: name}
	if t.ident, err = f.Stat(); err != nil {
		return t, err
	}
	if t.ident.Size() < pageSize {
		return t, fmt.Errorf("%w: %d bytes", ErrInvalid, t.ident.Size())
	}
	if t.page, err = mmap(f, 0, pageSize); err != nil {
		return t, err
	}
	t.hdr = words(t.page[:256])
	if t.boot, err = bootID(); err != nil {
		return t, err
	}
	return t, nil
}

// check validates the header against streamID and the file's size.
func (t *Table) check(streamID string) error {
	return guard(func() error {
		st := t.ident
		n := int(t.load(wTables))
		bind := bindOf(streamID)
		switch {
		case t.load(wMagic) != magic, t.load(wRetired) != 0:
			return fmt.Errorf("%w: no table header", ErrInvalid)
		case [4]uint64(t.hdr[wBind:wBind+4]) != bind:
			return fmt.Errorf("%w: table of another stream", ErrInvalid)
		case st.Size() < max(pageSize, offset(min(max(n, 1), maxTables))):
			return fmt.Errorf("%w: %d tables in %d bytes", ErrInvalid, n, st.Size())
		}
		if _, _, err := t.shape(); err != nil {
			return err
		}
		copy(t.key[:], t.page[8*wKey:8*wKey+16])
		return nil
	})
}

// Close unmaps the table and closes its file.
func (t *Table) Close() error {
	var errs []error
	for _, m := range t.maps {
		errs = append(errs, unix.Munmap(m))
	}
	if t.page != nil {
		errs = append(errs, unix.Munmap(t.page))
	}
	t.maps, t.page, t.hdr, t.tables = nil, nil, nil, nil
	return errors.Join(errs...)
}

// Retired reports whether another process replaced or removed the file.
func (t *Table) Retired() bool {
	var r bool
	_ = guard(func() error { r = t.load(wRetired) != 0; return nil })
	return r
}

func (t *Table) load(w int) uint64     { return atomic.LoadUint64(&t.hdr[w]) }
func (t *Table) store(w int, v uint64) { atomic.StoreUint64(&t.hdr[w], v) }

// words views b, 8-byte aligned, as uint64s.
func words(b []byte) []uint64 {
	return unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/8)
}

// Current reports whether the file's name still holds the file mapped: a
// file removed or replaced by other means than [Create] or [Retire] is no
// longer the stream's table.
func (t *Table) Current() bool {
	st, err := t.dir.Lstat(t.name)
	return err == nil && os.SameFile(st, t.ident)
}

// Supported reports whether tables can be kept on this system.
func Supported() bool {
	_, err := bootID()
	return err == nil
}
