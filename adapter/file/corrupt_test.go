package file_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/codec"
)

const batteryRecords = 12

// batteryBatches are the sizes of the appends that write the battery's
// records: the last five records are a batch of two and one of three.
var batteryBatches = []int{1, 2, 3, 1, 2, 3}

// battery is a clean stream file and what it holds.
type battery struct {
	orig  []byte
	recs  []codec.Record
	lines []int        // offset of each line: the header, then records 1…n
	ends  map[int]bool // record counts that end a batch, 0 included
	other []byte
	dir   string
	name  string
	side  []byte // if set, the offset sidecar try puts beside the file
	open  bool   // whether the last reopen opened the stream
}

func newBattery(t *testing.T) *battery {
	dir := t.TempDir()
	a := openAdapter(t, dir, quiet())
	b := &battery{recs: adaptertest.Records("battery", 0, batteryRecords, nil), dir: t.TempDir(),
		ends: map[int]bool{0: true}}
	var files []string
	for _, id := range []string{"battery", "other"} {
		l := openLog(t, a, id)
		done := 0
		for _, n := range batteryBatches {
			mustf(t, l.Append(context.Background(), uint64(done), b.recs[done:done+n]), "append")
			done += n
			b.ends[done] = true
		}
		h, err := l.Head(context.Background())
		mustf(t, err, "head")
		files = append(files, h.File)
	}
	var err error
	b.orig, err = os.ReadFile(files[0])
	mustf(t, err, "read file")
	b.other, err = os.ReadFile(files[1])
	mustf(t, err, "read file")
	b.name = filepath.Base(files[0])
	for i := 0; i < len(b.orig); i++ {
		if i == 0 || b.orig[i-1] == '\n' {
			b.lines = append(b.lines, i)
		}
	}
	return b
}

// endOf is the offset just past record v's line.
func (b *battery) endOf(v int) int {
	if v+1 < len(b.lines) {
		return b.lines[v+1]
	}
	return len(b.orig)
}

// lastLine is the offset of the last record's line.
func (b *battery) lastLine() int { return b.lines[len(b.lines)-1] }

// encode returns record v's line with the batch marker more.
func (b *battery) encode(t *testing.T, v int, more uint64) []byte {
	line, err := file.NewLineCodec("battery", 0).AppendLine(nil, &b.recs[v-1], more)
	mustf(t, err, "encode record %d", v)
	return line
}

// line returns record v's line (v = 0: the header), newline included.
func line(data []byte, lines []int, v int) []byte {
	end := len(data)
	if v+1 < len(lines) {
		end = lines[v+1]
	}
	return data[lines[v]:end]
}

// try opens a stream file holding data and reads it.
func (b *battery) try(t *testing.T, data []byte) ([]codec.Record, []file.Recovery, error) {
	t.Helper()
	mustf(t, os.RemoveAll(b.dir), "clean")
	mustf(t, os.MkdirAll(b.dir, 0o700), "mkdir")
	mustf(t, os.WriteFile(filepath.Join(b.dir, b.name), data, 0o600), "write")
	if b.side != nil {
		mustf(t, os.WriteFile(filepath.Join(b.dir, b.name+".idx"), b.side, 0o600), "write sidecar")
	}
	return b.reopen(t)
}

// outcome of one damaged file.
type outcome int

const (
	either  outcome = iota
	corrupt         // must be refused with ErrCorrupt
	cut             // must be cut back to a prefix of the records
)

// judge checks that damaged data either was cut back to a clean prefix of
// whole batches, reported, with the cut bytes kept, or was refused with
// ErrCorrupt and an offset; want narrows that down.
func (b *battery) judge(t *testing.T, what string, data []byte, want outcome) {
	t.Helper()
	recs, cuts, err := b.try(t, data)
	if err != nil {
		if !errors.Is(err, sealstream.ErrCorrupt) || !strings.Contains(err.Error(), "offset") {
			t.Fatalf("%s: error = %v, want ErrCorrupt with an offset", what, err)
		}
		if want == cut {
			t.Fatalf("%s: error = %v, want the tail cut", what, err)
		}
		return
	}
	if want == corrupt {
		t.Fatalf("%s: opened with %d records (cut %+v), want ErrCorrupt", what, len(recs), cuts)
	}
	sameRecords(t, recs, b.recs[:len(recs)])
	if !b.ends[len(recs)] {
		t.Fatalf("%s: %d records kept: part of a batch is visible", what, len(recs))
	}
	if len(cuts) != 1 {
		t.Fatalf("%s: %d records kept, %d cuts reported, want 1", what, len(recs), len(cuts))
	}
	c := cuts[0]
	if int(c.Offset) != b.endOf(len(recs)) || c.Bytes != int64(len(data))-c.Offset {
		t.Fatalf("%s: cut %+v does not match %d records kept of a %d-byte file", what, c, len(recs), len(data))
	}
	if !bytes.Equal(data[:c.Offset], b.orig[:c.Offset]) {
		t.Fatalf("%s: kept bytes differ from the original", what)
	}
	kept, err := os.ReadFile(c.Broken)
	mustf(t, err, "%s: read %s", what, c.Broken)
	if !bytes.Equal(kept, data[c.Offset:]) {
		t.Fatalf("%s: %s holds %q, want the cut bytes %q", what, c.Broken, kept, data[c.Offset:])
	}
	if again, cuts, err := b.reopen(t); err != nil || len(cuts) != 0 || len(again) != len(recs) {
		t.Fatalf("%s: second open: %d records, cuts %+v, error %v", what, len(again), cuts, err)
	}
}

// reopen opens the stream file as it is now (after try: repaired) and reads it.
func (b *battery) reopen(t *testing.T) ([]codec.Record, []file.Recovery, error) {
	var cut []file.Recovery
	a, err := file.Open(context.Background(), b.dir, &file.Options{DisableNotify: true, PollInterval: -1,
		OnRecover: func(r file.Recovery) { cut = append(cut, r) }})
	mustf(t, err, "open adapter")
	defer a.Close()
	l, err := a.Open(context.Background(), "battery")
	if b.open = err == nil; err != nil {
		return nil, cut, err
	}
	defer l.Close()
	recs, err := tryReadAll(l)
	return recs, cut, err
}
