package keyset_test

import (
	"errors"
	"io/fs"
	"testing"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

func TestMemStoreCreateKeepsTheFirst(t *testing.T) {
	m := sskeyset.NewMemStore()
	if err := m.Create(t.Context(), "n", []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := m.Create(t.Context(), "n", []byte("second")); !errors.Is(err, fs.ErrExist) {
		t.Errorf("Create over a stored blob = %v, want fs.ErrExist", err)
	}
	if got, err := m.Get(t.Context(), "n"); err != nil || string(got) != "first" {
		t.Errorf("Get = %q, %v; want the first blob", got, err)
	}
}
