package attack_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
)

// On a file store, an attacker cuts whole lines off a stream file (a clean
// truncation, which the file cannot show), or two holders of the keys
// continue one stream differently on copies of its directory (a fork): a
// holder of an earlier checkpoint catches each, while Verify without one
// passes on the truncated file, which is why checkpoints exist.
func TestCheckpointCatchesTruncationAndFork(t *testing.T) {
	ctx := context.Background()
	loc := fileLocation(t, t.TempDir(), newMaster(t))
	a := newApp(t, loc)
	const id = "ledger"
	var cp4, cp6 []byte
	a.write(t, id, func(s *stream.Stream[int]) {
		appendEach(t, s, []sealstream.Event{ev("A", "1", nil), ev("B", "2", nil), ev("C", "3", nil), ev("D", "4", nil)})
		cp4 = checkpoint(t, s)
		appendEach(t, s, []sealstream.Event{ev("E", "5", nil), ev("F", "6", nil)})
		cp6 = checkpoint(t, s)
	})
	original := loc.records(t, id)
	verify := func(t *testing.T, l *location, id string, cp []byte) error {
		t.Helper()
		st := l.store(t, stream.Config{Writer: a.writer})
		defer st.Close()
		return openStream(t, st, id).Verify(ctx, stream.Extends(cp))
	}

	t.Run("truncation", func(t *testing.T) {
		for _, c := range []struct {
			keep       int
			cp4Extends bool
		}{{5, true}, {4, true}, {3, false}, {1, false}} {
			loc.replace(t, id, original)
			truncateLines(t, loc.dir, id, c.keep)
			if got := len(loc.records(t, id)); got != c.keep {
				t.Fatalf("the truncated file holds %d records, want %d", got, c.keep)
			}
			st := a.store(t)
			if err := openStream(t, st, id).Verify(ctx); err != nil {
				t.Fatalf("kept %d of 6: Verify() without a checkpoint = %v; the log alone cannot tell", c.keep, err)
			}
			_ = st.Close()
			if err := verify(t, loc, id, cp6); !isIntegrity(err, "fewer than") {
				t.Errorf("kept %d of 6: Verify(Extends(checkpoint at 6)) = %v, want ErrIntegrity naming the truncation", c.keep, err)
			}
			err := verify(t, loc, id, cp4)
			if c.cp4Extends && err != nil {
				t.Errorf("kept %d of 6: Verify(Extends(checkpoint at 4)) = %v, want nil: the stream still extends it", c.keep, err)
			}
			if !c.cp4Extends && !isIntegrity(err, "fewer than") {
				t.Errorf("kept %d of 6: Verify(Extends(checkpoint at 4)) = %v, want ErrIntegrity naming the truncation", c.keep, err)
			}
		}
	})

	t.Run("fork", func(t *testing.T) {
		const id = "ledger-fork"
		var cp2 []byte
		a.write(t, id, func(s *stream.Stream[int]) {
			appendEach(t, s, []sealstream.Event{ev("A", "1", nil), ev("B", "2", nil)})
			cp2 = checkpoint(t, s)
		})
		other := fileLocation(t, copyDir(t, loc.dir), loc.master)
		cps := map[*location][]byte{}
		for l, device := range map[*location]string{loc: "device A", other: "device B"} {
			st := l.store(t, stream.Config{Writer: a.writer})
			s := openStream(t, st, id)
			appendEach(t, s, []sealstream.Event{ev("C", "3 on "+device, nil), ev("D", "4 on "+device, nil)})
			cps[l] = checkpoint(t, s)
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}
		}
		for l, device := range map[*location]string{loc: "device A", other: "device B"} {
			if err := verify(t, l, id, cp2); err != nil {
				t.Errorf("%s: Verify(Extends(checkpoint at 2)) = %v, want nil: both continue it", device, err)
			}
		}
		if err := verify(t, loc, id, cps[other]); !isIntegrity(err, "forked") {
			t.Errorf("device A against B's checkpoint: Verify(Extends()) = %v, want ErrIntegrity naming the fork", err)
		}
		if err := verify(t, other, id, cps[loc]); !isIntegrity(err, "forked") {
			t.Errorf("device B against A's checkpoint: Verify(Extends()) = %v, want ErrIntegrity naming the fork", err)
		}
	})
}

func checkpoint(t *testing.T, s *stream.Stream[int]) []byte {
	t.Helper()
	cp, err := s.Checkpoint(context.Background())
	if err != nil {
		t.Fatalf("Checkpoint() = %v", err)
	}
	return cp
}

func isIntegrity(err error, says string) bool {
	return isOneOf(err, []error{sealstream.ErrIntegrity}) && strings.Contains(err.Error(), says)
}

// copyDir copies the regular files of a store's directory, its keyring
// included, with their modes, into a new directory: another device
// restored from a backup. Lock files stay behind.
func copyDir(t *testing.T, dir string) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir || strings.HasSuffix(p, ".lock") {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		dst := filepath.Join(to, strings.TrimPrefix(p, dir))
		if d.IsDir() {
			return os.Mkdir(dst, info.Mode().Perm())
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}
