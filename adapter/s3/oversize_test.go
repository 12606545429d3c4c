package s3_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/s3"
)

// TestOversizeRecords refuses records over MaxRecordSize, the default and
// a set one, with ErrTooLarge, and stores nothing of their batch.
func TestOversizeRecords(t *testing.T) {
	u := freshURL(t)
	for _, c := range []struct {
		name  string
		opts  s3.Options
		limit int
	}{
		{"default limit", s3.Options{}, s3.DefaultMaxRecordSize},
		{"set limit", s3.Options{MaxRecordSize: 4096}, 4096},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := adaptertest.OpenLog(t, openAdapter(t, u, c.opts), c.name)
			recs := adaptertest.Records(c.name, 0, 3, nil)
			recs[2].Payload = make([]byte, c.limit-recs[2].Size()+len(recs[2].Payload)+1)
			if err := l.Append(context.Background(), 0, recs); !errors.Is(err, sealstream.ErrTooLarge) {
				t.Fatalf("Append with a record of %d bytes = %v, want ErrTooLarge", recs[2].Size(), err)
			}
			if h := adaptertest.HeadOf(t, l); h.Version != 0 {
				t.Fatalf("head after a refused batch = %d, want 0", h.Version)
			}
			recs[2].Payload = recs[2].Payload[:len(recs[2].Payload)-1] // at the limit
			mustAppend(t, l, 0, recs)
			if got := adaptertest.ReadAll(t, l, 3); len(got) != 1 || len(got[0].Payload) != len(recs[2].Payload) {
				t.Fatalf("the record at the limit did not read back")
			}
		})
	}
}

// TestOversizeCommit refuses a batch whose commit object is over
// MaxCommitSize with ErrTooLarge, before sending it.
func TestOversizeCommit(t *testing.T) {
	rec, hc := newRecorder(t)
	l := adaptertest.OpenLog(t, openAdapter(t, freshURL(t), s3.Options{HTTPClient: hc, MaxCommitSize: 2000}), "big")
	recs := adaptertest.Records("big", 0, 40, nil)
	if err := l.Append(context.Background(), 0, recs); !errors.Is(err, sealstream.ErrTooLarge) {
		t.Fatalf("Append of a commit over the limit = %v, want ErrTooLarge", err)
	}
	if n := rec.count("PUT"); n != 0 {
		t.Fatalf("%d PUTs sent for a refused batch", n)
	}
	mustAppend(t, l, 0, recs[:5])
}

// TestOversizeObjectOnRead plants a commit object over MaxCommitSize:
// Head and Read refuse it with ErrCorrupt without reading it.
func TestOversizeObjectOnRead(t *testing.T) {
	u := freshURL(t)
	key, _ := s3.StreamKey(prefixOf(t, u), "huge")
	putObject(t, key+"c/00000000000000000001", make([]byte, 1<<20))
	l := adaptertest.OpenLog(t, openAdapter(t, u, s3.Options{MaxCommitSize: 64 << 10}), "huge")
	if _, err := l.Head(context.Background()); !errors.Is(err, sealstream.ErrCorrupt) {
		t.Fatalf("Head over an oversize commit = %v, want ErrCorrupt", err)
	}
	for _, err := range l.Read(context.Background(), 1) {
		if !errors.Is(err, sealstream.ErrCorrupt) {
			t.Fatalf("Read over an oversize commit = %v, want ErrCorrupt", err)
		}
	}
}

// TestDamagedObjects flips a byte of a commit, moves a commit to another
// number, damages a segment and plants a well-formed commit that does not
// follow the one before: a read by a fresh adapter meets ErrCorrupt (or
// ErrIntegrity for the last; finding the head may meet it before any
// record), never a record from the damaged object or past it.
func TestDamagedObjects(t *testing.T) {
	u := freshURL(t)
	c, bucket := rawClient(t)
	for _, damage := range []string{"flipped byte", "moved commit", "damaged segment", "out of sequence"} {
		t.Run(damage, func(t *testing.T) {
			id := damage
			a := openAdapter(t, u, s3.Options{SegmentCommits: 2})
			l := adaptertest.OpenLog(t, a, id)
			recs := adaptertest.Records(id, 0, 4, nil)
			for i := range recs {
				mustAppend(t, l, uint64(i), recs[i:i+1])
			}
			key, _ := s3.StreamKey(prefixOf(t, u), id)
			switch damage {
			case "flipped byte":
				b := getObject(t, c, bucket, key+"c/00000000000000000003")
				b[len(b)/2] ^= 1
				putObject(t, key+"c/00000000000000000003", b)
			case "moved commit":
				putObject(t, key+"c/00000000000000000003", getObject(t, c, bucket, key+"c/00000000000000000002"))
			case "damaged segment":
				adaptertest.ReadAll(t, l, 1) // writes the segments
				seg := key + "g/00000000000000000003-00000000000000000004"
				b := getObject(t, c, bucket, seg)
				b[len(b)-1] ^= 1
				putObject(t, seg, b)
			case "out of sequence": // well formed, but starting at version 7
				b, _ := s3.EncodeCommit(3, 7, 1000, adaptertest.Records(id, 6, 1, nil))
				putObject(t, key+"c/00000000000000000003", b)
			}
			want := sealstream.ErrCorrupt
			if damage == "out of sequence" {
				want = sealstream.ErrIntegrity
			}
			fresh := adaptertest.OpenLog(t, openAdapter(t, u, s3.Options{SegmentCommits: 2}), id)
			n := 0
			var last error
			for _, err := range fresh.Read(context.Background(), 1) {
				if err != nil {
					last = err
					break
				}
				n++
			}
			if !errors.Is(last, want) || n > 2 {
				t.Fatalf("Read over a %s: %d records then %v, want at most 2 then %v", damage, n, last, want)
			}
		})
	}
}
