package keyset_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

// attacker acts on a backend's storage with read and write access and no
// key: on the files of a directory, on the raw BlobStore in memory. It
// sees blobs by the names the storage shows (file names, store names).
type attacker struct {
	t *testing.T
	b backend
}

// look returns every stored blob by the name the storage shows it under.
func (a attacker) look() map[string][]byte {
	a.t.Helper()
	out := map[string][]byte{}
	if a.b.dir == "" {
		for _, n := range sskeyset.MemNames(a.b.store.(*sskeyset.MemStore)) {
			blob, err := a.b.store.Get(a.t.Context(), n)
			if err != nil {
				a.t.Fatal(err)
			}
			out[n] = blob
		}
		return out
	}
	for _, f := range dirFiles(a.t, a.b.dir) {
		if strings.HasPrefix(f, ".tmp-") {
			continue
		}
		blob, err := os.ReadFile(filepath.Join(a.b.dir, f))
		if err != nil {
			a.t.Fatal(err)
		}
		out[f] = blob
	}
	return out
}

// put stores blob under name, as the storage shows names.
func (a attacker) put(name string, blob []byte) {
	a.t.Helper()
	var err error
	if a.b.dir == "" {
		err = a.b.store.Put(a.t.Context(), name, blob)
	} else {
		err = os.WriteFile(filepath.Join(a.b.dir, name), blob, 0o600)
	}
	if err != nil {
		a.t.Fatal(err)
	}
}

// remove deletes the blob under name.
func (a attacker) remove(name string) {
	a.t.Helper()
	var err error
	if a.b.dir == "" {
		err = a.b.store.Delete(a.t.Context(), name)
	} else {
		err = os.Remove(filepath.Join(a.b.dir, name))
	}
	if err != nil {
		a.t.Fatal(err)
	}
}

// changes returns the names whose blob after differs from before, and the
// names only after holds, each sorted.
func changes(before, after map[string][]byte) (changed, added []string) {
	for n, blob := range after {
		old, ok := before[n]
		switch {
		case !ok:
			added = append(added, n)
		case !bytes.Equal(old, blob):
			changed = append(changed, n)
		}
	}
	slices.Sort(changed)
	slices.Sort(added)
	return changed, added
}

// one returns the only element of names, failing t otherwise.
func one(t *testing.T, what string, names []string) string {
	t.Helper()
	if len(names) != 1 {
		t.Fatalf("%s: %d blobs %v, want one", what, len(names), names)
	}
	return names[0]
}
