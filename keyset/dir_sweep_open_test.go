//go:build unix

package keyset_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

func TestOpenSweepsOldTempFiles(t *testing.T) {
	d, dir := openDir(t)
	if err := d.Put(t.Context(), "stream/s", []byte("current")); err != nil {
		t.Fatal(err)
	}
	old := sskeyset.TempGracePeriod + time.Minute
	stale := []string{tempOf("stream/s", "1"), tempOf("stream/t", "2"), ".tmp-3"}
	for _, f := range stale {
		plant(t, dir, f, []byte("earlier keyset"), old)
	}
	if _, err := sskeyset.OpenDir(dir); err != nil {
		t.Fatal(err)
	}
	noTempFiles(t, dir)
	if got, err := d.Get(t.Context(), "stream/s"); err != nil || string(got) != "current" {
		t.Errorf("Get after the sweep = %q, %v; want the stored blob", got, err)
	}
}

func TestOpenLeavesFreshTempFilesAlone(t *testing.T) {
	d, dir := openDir(t)
	if err := d.Put(t.Context(), "stream/s", []byte("current")); err != nil {
		t.Fatal(err)
	}
	// Temporary files of writes in progress in another process.
	fresh := []string{tempOf("stream/s", "1"), ".tmp-2"}
	for _, f := range fresh {
		plant(t, dir, f, []byte("being written"), 0)
	}
	plant(t, dir, tempOf("stream/s", "3"), []byte("slow write"), sskeyset.TempGracePeriod/2)
	fresh = append(fresh, tempOf("stream/s", "3"))
	if _, err := sskeyset.OpenDir(dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range fresh {
		if _, err := os.Lstat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s after OpenDir: %v, want it left alone", f, err)
		}
	}
}

// putLoopEnv names the directory a child process of
// TestKilledPutLeavesTempFilesOfItsName puts blobs into until killed.
const putLoopEnv = "SEALSTREAM_KEYSET_PUT_LOOP"

func TestKilledPutLeavesTempFilesOfItsName(t *testing.T) {
	if dir := os.Getenv(putLoopEnv); dir != "" {
		putForever(t, dir)
		return
	}
	_, dir := openDir(t)
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	blob := filepath.Join(dir, blobFile("stream/s"))
	var temps []string
	for round := 0; round < 20 && len(temps) == 0; round++ {
		if err := os.Remove(blob); err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledPutLeavesTempFilesOfItsName$")
		cmd.Env = append(os.Environ(), putLoopEnv+"="+dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		waitForFile(t, blob) // the child is putting
		time.Sleep(time.Duration(rng.IntN(20_000)) * time.Microsecond)
		_ = cmd.Process.Kill() // SIGKILL: no cleanup runs
		_ = cmd.Wait()
		for _, f := range dirFiles(t, dir) {
			if strings.HasPrefix(f, ".tmp") {
				temps = append(temps, f)
			}
		}
	}
	if len(temps) == 0 {
		t.Fatal("no kill in 20 rounds left a temporary file")
	}
	for _, f := range temps {
		if !strings.HasPrefix(f, tempOf("stream/s", "")) {
			t.Errorf("temporary file %s does not carry the name of its blob's file", f)
		}
	}
	d, err := sskeyset.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Sweep(t.Context(), "stream/s"); err != nil {
		t.Fatal(err)
	}
	noTempFiles(t, dir)
	got, err := d.Get(t.Context(), "stream/s")
	if err != nil || len(got) == 0 || !bytes.Equal(got, bytes.Repeat(got[:1], len(got))) {
		t.Errorf("Get after the kills = %d bytes, %v; want one whole blob", len(got), err)
	}
}

// putForever stores ever new 256 KiB blobs under "stream/s" in dir.
func putForever(t *testing.T, dir string) {
	d, err := sskeyset.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		if err := d.Put(t.Context(), "stream/s", bytes.Repeat([]byte{byte('a' + i%26)}, 256<<10)); err != nil {
			t.Fatal(err)
		}
	}
}

// waitForFile returns once path exists, failing t after 10 s.
func waitForFile(t *testing.T, path string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if _, err := os.Stat(path); err == nil {
			return
		} else if !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
	}
	t.Fatalf("%s did not appear", filepath.Base(path))
}
