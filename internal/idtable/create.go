//go:build linux

package idtable

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"strings"
	"sync"
)

// Create makes an empty table for streamID at name in dir, first retiring
// and removing whatever is there, so that processes that mapped the old
// file let it go.
func Create(dir *os.Root, name, streamID string) (*Table, error) {
	if err := Remove(dir, name); err != nil {
		return nil, err
	}
	f, err := dir.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	defer f.Close() // the mappings outlive it
	t, err := func() (*Table, error) {
		if err := f.Truncate(pageSize); err != nil {
			return &Table{}, err
		}
		t, err := mapTable(dir, name, f)
		if err != nil {
			return t, err
		}
		return t, guard(func() error {
			if _, err := rand.Read(t.key[:]); err != nil {
				return err
			}
			copy(t.page[8*wKey:], t.key[:])
			bind := bindOf(streamID)
			copy(t.hdr[wBind:wBind+4], bind[:])
			t.hdr[wBoot], t.hdr[wBoot+1] = t.boot[0], t.boot[1]
			t.store(wTables, 1)
			t.store(wMagic, magic) // last: a table half made is no table
			return nil
		})
	}()
	if err != nil {
		_ = t.Close()
		_ = dir.Remove(name)
		return nil, fmt.Errorf("idtable: create: %w", err)
	}
	return t, nil
}

// Remove retires the table file at name (see [Retire]) and removes it.
func Remove(dir *os.Root, name string) error {
	Retire(dir, name)
	if err := dir.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("idtable: remove: %w", err)
	}
	return nil
}

// Retire marks the table file at name, if it is one, as replaced, so that
// processes that mapped it let it go; the caller removes it next.
func Retire(dir *os.Root, name string) {
	f, err := dir.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return
	}
	defer f.Close()
	t, err := mapTable(dir, name, f)
	if err == nil {
		_ = guard(func() error {
			if t.load(wMagic) == magic {
				t.store(wRetired, 1)
			}
			return nil
		})
	}
	_ = t.Close()
}

// bindOf is what a table records of its stream's ID.
func bindOf(streamID string) [4]uint64 {
	sum := sha256.Sum256([]byte("sealstream idtable stream\x00" + streamID))
	var w [4]uint64
	for i := range w {
		w[i] = binary.NativeEndian.Uint64(sum[8*i:])
	}
	return w
}

// bootID identifies the machine's current boot.
var bootID = sync.OnceValues(readBootID)

func readBootID() ([2]uint64, error) {
	b, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		return [2]uint64{}, fmt.Errorf("idtable: boot ID: %w", errors.Join(err, errors.ErrUnsupported))
	}
	raw, err := hex.DecodeString(strings.ReplaceAll(strings.TrimSpace(string(b)), "-", ""))
	if err != nil || len(raw) != 16 {
		return [2]uint64{}, fmt.Errorf("idtable: boot ID %q: %w", b, errors.ErrUnsupported)
	}
	return [2]uint64{binary.NativeEndian.Uint64(raw), binary.NativeEndian.Uint64(raw[8:])}, nil
}

// guard runs f, turning a fault on the mapping (a file cut short under
// it, say) into an error matching ErrInvalid.
func guard(f func() error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if p := recover(); p != nil {
			if a, ok := p.(interface{ Addr() uintptr }); ok {
				err = fmt.Errorf("%w: fault at %#x", ErrInvalid, a.Addr())
				return
			}
			panic(p)
		}
	}()
	return f()
}
