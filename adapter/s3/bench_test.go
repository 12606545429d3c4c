package s3_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/adapter/s3"
	"github.com/sealstream/sealstream/codec"
)

// The benchmarks run the adapter against the test server (scripts/
// with-versitygw.sh) beside the file adapter (an fsync per append) in the
// same run, with 200-byte payloads, and report requests per operation,
// the cost driver on S3:
//
//	bash scripts/with-versitygw.sh bash -c 'cd adapter/s3 && go test -run "^$" -bench . -benchtime 1s'

// benchEvents is the size of the stream that replay and open work on,
// written 100 records per append.
const benchEvents = 100_000

var benchPayload = bytes.Repeat([]byte{0xa5}, 200)

func benchRecords(from uint64, n int) []codec.Record {
	recs := make([]codec.Record, n)
	for i := range recs {
		v := from + uint64(i) + 1
		recs[i] = codec.Record{Version: v, ID: fmt.Sprintf("e%d", v), Type: "Tested", Time: 1767323045000000000 + int64(v),
			Metadata: map[string]string{"kind": "bench"}, Prev: bytes.Repeat([]byte{1}, 32), Payload: benchPayload}
	}
	return recs
}

// target opens adapters on one location: the s3 adapter (counting its
// requests in rec) or the file adapter (rec nil).
type target struct {
	name string
	open func(b *testing.B) adapter.Adapter
	rec  *recorder
}

func targets(b *testing.B, opts s3.Options) []target {
	u, dir := freshURL(b), b.TempDir()
	rec, hc := newRecorder(b)
	opts.HTTPClient = hc
	return []target{
		{"file", func(b *testing.B) adapter.Adapter {
			a, err := file.Open(context.Background(), dir, nil)
			if err != nil {
				b.Fatal(err)
			}
			return a
		}, nil},
		{"s3", func(b *testing.B) adapter.Adapter {
			a, err := s3.OpenWith(context.Background(), u, options(opts))
			if err != nil {
				b.Fatal(err)
			}
			return a
		}, rec},
	}
}

// perOp reports events per second (if any) and, for s3, requests per
// operation.
func perOp(b *testing.B, t target, ops, events int) {
	if events > 0 {
		b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	}
	if t.rec != nil {
		b.ReportMetric(float64(t.rec.count(""))/float64(ops), "requests/op")
	}
}

func BenchmarkAppend(b *testing.B) {
	for _, per := range []int{1, 100} {
		for _, t := range targets(b, s3.Options{}) {
			b.Run(fmt.Sprintf("%s/%d-per-call", t.name, per), func(b *testing.B) {
				a := t.open(b)
				defer a.Close()
				l := adaptertest.OpenLog(b, a, "append")
				if t.rec != nil {
					t.rec.reset()
				}
				v, ops := uint64(0), 0
				for b.Loop() {
					mustAppend(b, l, v, benchRecords(v, per))
					v, ops = v+uint64(per), ops+1
				}
				perOp(b, t, ops, int(v))
			})
		}
	}
}

// fill writes benchEvents records, 100 per append, through a new adapter.
func fill(b *testing.B, t target) {
	a := t.open(b)
	defer a.Close()
	l := adaptertest.OpenLog(b, a, "big")
	for v := uint64(0); v < benchEvents; v += 100 {
		mustAppend(b, l, v, benchRecords(v, 100))
	}
}

// BenchmarkReplay reads the whole stream: s3 commit by commit (segments
// off), and s3 over segments of 256 commits (written by a read first).
func BenchmarkReplay(b *testing.B) {
	for _, seg := range []int{-1, 0} {
		for _, t := range targets(b, s3.Options{SegmentCommits: seg}) {
			name := t.name
			if t.rec == nil && seg == 0 {
				continue
			} else if t.rec != nil && seg < 0 {
				name += "/commit-by-commit"
			} else if t.rec != nil {
				name += "/compacted"
			}
			b.Run(name, func(b *testing.B) {
				fill(b, t)
				a := t.open(b)
				defer a.Close()
				l := adaptertest.OpenLog(b, a, "big")
				adaptertest.ReadAll(b, l, 1) // writes the segments, if on
				if t.rec != nil {
					t.rec.reset()
				}
				ops := 0
				for b.Loop() {
					if n := len(adaptertest.ReadAll(b, l, 1)); n != benchEvents {
						b.Fatalf("replayed %d records", n)
					}
					ops++
				}
				perOp(b, t, ops, ops*benchEvents)
			})
		}
	}
}

// BenchmarkOpen opens a new adapter on the 100k-event stream (1,000
// commits) and asks for its head, as a process would on start.
func BenchmarkOpen(b *testing.B) {
	for _, t := range targets(b, s3.Options{}) {
		b.Run(t.name, func(b *testing.B) {
			fill(b, t)
			if t.rec != nil {
				t.rec.reset()
			}
			ops := 0
			for b.Loop() {
				a := t.open(b)
				l, err := a.Open(context.Background(), "big")
				if err != nil {
					b.Fatal(err)
				}
				if h := adaptertest.HeadOf(b, l); h.Version != benchEvents {
					b.Fatalf("head %d", h.Version)
				}
				_ = a.Close()
				ops++
			}
			perOp(b, t, ops, 0)
		})
	}
}
