//go:build unix

package keyset_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"testing"
)

func TestDirStorePutIsAtomic(t *testing.T) {
	d, dir := openDir(t)
	for i := range 3 {
		if err := d.Put(t.Context(), "stream/s", fmt.Appendf(nil, "version %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if files := dirFiles(t, dir); len(files) != 1 {
		t.Errorf("directory holds %v after overwrites, want one file", files)
	}
	noTempFiles(t, dir)
	if got, err := d.Get(t.Context(), "stream/s"); err != nil || string(got) != "version 2" {
		t.Errorf("Get = %q, %v; want the last blob", got, err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := d.Put(ctx, "stream/t", []byte("x")); !errors.Is(err, context.Canceled) {
		t.Errorf("Put with a cancelled context: err = %v, want context.Canceled", err)
	}
	if files := dirFiles(t, dir); len(files) != 1 {
		t.Errorf("directory holds %v after a cancelled Put, want one file", files)
	}
}

func TestDirStoreConcurrentPutsLeaveOneWholeBlob(t *testing.T) {
	d, dir := openDir(t)
	blobs := map[string]bool{}
	var wg sync.WaitGroup
	for i := range 8 {
		blob := bytes.Repeat([]byte{byte('a' + i)}, 4096)
		blobs[string(blob)] = true
		wg.Go(func() {
			if err := d.Put(t.Context(), "stream/s", blob); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got, err := d.Get(t.Context(), "stream/s")
	if err != nil || !blobs[string(got)] {
		t.Errorf("Get = %d bytes, %v; want one of the blobs whole", len(got), err)
	}
	if files := dirFiles(t, dir); len(files) != 1 {
		t.Errorf("directory holds %v, want one file", files)
	}
}

func TestDirStoreCreateKeepsTheFirst(t *testing.T) {
	d, dir := openDir(t)
	if err := d.Create(t.Context(), "master", []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := d.Create(t.Context(), "master", []byte("second")); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second Create: err = %v, want fs.ErrExist", err)
	}
	if got, err := d.Get(t.Context(), "master"); err != nil || string(got) != "first" {
		t.Errorf("Get = %q, %v; want \"first\"", got, err)
	}
	noTempFiles(t, dir)
	if files := dirFiles(t, dir); len(files) != 1 {
		t.Errorf("directory holds %v, want one file", files)
	}
}
