//go:build !linux

package idtable

import (
	"errors"
	"os"
)

// Table is not available on this system.
type Table struct{}

// Open gives errors.ErrUnsupported on this system.
func Open(*os.Root, string, string) (*Table, error) { return nil, errors.ErrUnsupported }

// Create gives errors.ErrUnsupported on this system.
func Create(*os.Root, string, string) (*Table, error) { return nil, errors.ErrUnsupported }

// Remove removes the file at name, if any.
func Remove(dir *os.Root, name string) error {
	if err := dir.Remove(name); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// Retire does nothing on this system.
func Retire(*os.Root, string) {}

// PendingSync is not available on this system.
type PendingSync struct{}

func (*Table) StartSync() (*PendingSync, error) { return &PendingSync{}, errors.ErrUnsupported }
func (*Table) EndSync(*PendingSync) error       { return errors.ErrUnsupported }
func (*PendingSync) Flush() error               { return errors.ErrUnsupported }
func (*PendingSync) Close() error               { return nil }

// Supported reports whether tables can be kept on this system: no.
func Supported() bool { return false }

func (*Table) Current() bool                   { return false }
func (*Table) Check(string) uint64             { return 0 }
func (*Table) Close() error                    { return nil }
func (*Table) Retired() bool                   { return true }
func (*Table) Hash(string) uint64              { return 0 }
func (*Table) Mark() (Mark, error)             { return Mark{}, errors.ErrUnsupported }
func (*Table) Add([]Entry) error               { return errors.ErrUnsupported }
func (*Table) Lookup(string) ([]uint64, error) { return nil, errors.ErrUnsupported }
func (*Table) Sync() error                     { return errors.ErrUnsupported }
