package file_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/codec"
)

var (
	roundsFlag = flag.Int("file.rounds", 10, "rounds of each kill -9 test (100 for the long run)")
	seedFlag   = flag.Uint64("file.seed", 0, "seed of the randomized tests (0: from the clock)")
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// seeded returns a random source and logs its seed.
func seeded(t testing.TB) *rand.Rand {
	t.Helper()
	seed := *seedFlag
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed: %d (rerun with -file.seed=%d)", seed, seed)
	return rand.New(rand.NewPCG(seed, seed^0x5ea15ea1))
}

// quiet are options for tests that do not watch: no watcher goroutine.
func quiet() *file.Options { return &file.Options{DisableNotify: true, PollInterval: -1} }

func openAdapter(t testing.TB, dir string, opts *file.Options) *file.Adapter {
	t.Helper()
	a, err := file.Open(context.Background(), dir, opts)
	if err != nil {
		t.Fatalf("file.Open(%q) = %v", dir, err)
	}
	t.Cleanup(func() { _ = a.Close() })
	return a
}

func openLog(t testing.TB, a adapter.Adapter, id string) adapter.Log {
	t.Helper()
	l, err := a.Open(context.Background(), id)
	if err != nil {
		t.Fatalf("Open(%q) = %v", id, err)
	}
	t.Cleanup(func() { _ = l.Close() })
	return l
}

func readAll(t testing.TB, l adapter.Log) []codec.Record {
	t.Helper()
	recs, err := tryReadAll(l)
	if err != nil {
		t.Fatalf("Read(1) = %v", err)
	}
	return recs
}

func tryReadAll(l adapter.Log) ([]codec.Record, error) {
	var out []codec.Record
	for r, err := range l.Read(context.Background(), 1) {
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

func sameRecords(t testing.TB, got, want []codec.Record) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d records, want %d", len(got), len(want))
	}
	for i := range got {
		if !got[i].Equal(want[i]) {
			t.Fatalf("record %d = %+v, want %+v", i+1, got[i], want[i])
		}
	}
}

// record returns a test record whose content follows from its ID.
func record(version uint64, id string) codec.Record {
	return codec.Record{
		Version:  version,
		ID:       id,
		Type:     "Tested",
		Time:     int64(version) * 1000,
		Metadata: map[string]string{"by": id},
		Payload:  []byte("sealed:" + id),
	}
}

func wantErr(t testing.TB, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: error = %v, want %v", what, err, want)
	}
}

// isFeedFile reports the files of the change feed: "changes.feed", its
// lock and the markers in "changes.live".
func isFeedFile(name string) bool {
	return strings.HasPrefix(name, "changes.") || strings.Contains(name, string(filepath.Separator)+"changes.")
}

// filesUnder lists every file below dir, relative to it, but for the change
// feed's (see isFeedFile).
func filesUnder(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if rel, _ := filepath.Rel(dir, p); !d.IsDir() && !isFeedFile(rel) {
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mustf(t testing.TB, err error, format string, args ...any) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", fmt.Sprintf(format, args...), err)
	}
}
