package file_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

// The benchmarks use 200-byte payloads, and set the adapter beside raw
// loops doing the same I/O with no format, index or lock.

var benchPayload = bytes.Repeat([]byte{0xa5}, 200)

func benchRecord(v uint64) codec.Record {
	return codec.Record{Version: v, ID: fmt.Sprintf("e%d", v), Type: "Tested", Time: 1767323045000000000 + int64(v),
		Metadata: map[string]string{"kind": "bench"}, Prev: bytes.Repeat([]byte{1}, 32), Payload: benchPayload}
}

func benchLine(b *testing.B) []byte {
	r := benchRecord(1)
	line, err := lineCodec.AppendLine(nil, &r, 0)
	if err != nil {
		b.Fatal(err)
	}
	return line
}

func perSecond(b *testing.B, n int) {
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkRawWriteSync1(b *testing.B) {
	f, err := os.Create(filepath.Join(b.TempDir(), "raw"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	line, n := benchLine(b), 0
	for b.Loop() {
		if _, err := f.Write(line); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
		n++
	}
	perSecond(b, n)
}

func BenchmarkAppend1(b *testing.B) { benchAppend(b, 1) }

func BenchmarkRawWrite100Sync(b *testing.B) {
	f, err := os.Create(filepath.Join(b.TempDir(), "raw"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 64<<10)
	line, n := benchLine(b), 0
	for b.Loop() {
		for range 100 {
			_, _ = w.Write(line)
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
		n += 100
	}
	perSecond(b, n)
}

func BenchmarkAppend100(b *testing.B) { benchAppend(b, 100) }

func benchAppend(b *testing.B, batch int) {
	l := openLog(b, openAdapter(b, b.TempDir(), quiet()), "bench")
	recs := make([]codec.Record, batch)
	head := uint64(0)
	for b.Loop() {
		for i := range recs {
			recs[i] = benchRecord(head + uint64(i) + 1)
		}
		if err := l.Append(context.Background(), head, recs); err != nil {
			b.Fatal(err)
		}
		head += uint64(batch)
	}
	perSecond(b, int(head))
}

func BenchmarkEncodeLine(b *testing.B) {
	r := benchRecord(1)
	var buf []byte
	n := 0
	for b.Loop() {
		buf, _ = lineCodec.AppendLine(buf[:0], &r, 0)
		n++
	}
	b.SetBytes(int64(len(buf)))
	perSecond(b, n)
}

func BenchmarkDecodeLine(b *testing.B) {
	line := benchLine(b)
	line, n := line[:len(line)-1], 0
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		if _, _, err := lineCodec.DecodeLine(line); err != nil {
			b.Fatal(err)
		}
		n++
	}
	perSecond(b, n)
}

// BenchmarkDecodeLineEncodingJSON decodes the same line with
// encoding/json, for comparison.
func BenchmarkDecodeLineEncodingJSON(b *testing.B) {
	line := benchLine(b)
	line, n := line[:len(line)-1], 0
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		if _, _, err := stdDecode(line); err != nil {
			b.Fatal(err)
		}
		n++
	}
	perSecond(b, n)
}

// benchStream returns a log holding count records.
func benchStream(b *testing.B, dir string, count int) adapter.Log {
	l := openLog(b, openAdapter(b, dir, quiet()), "replay")
	recs := make([]codec.Record, 1000)
	for v := 0; v < count; v += len(recs) {
		for i := range recs {
			recs[i] = benchRecord(uint64(v + i + 1))
		}
		if err := l.Append(context.Background(), uint64(v), recs); err != nil {
			b.Fatal(err)
		}
	}
	return l
}

// BenchmarkRead reads a 100,000-record stream from its file.
func BenchmarkRead(b *testing.B) {
	const count = 100_000
	l, n := benchStream(b, b.TempDir(), count), 0
	for b.Loop() {
		for _, err := range l.Read(context.Background(), 1) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	perSecond(b, n)
}

// BenchmarkOpen opens and indexes a 100,000-record stream.
func BenchmarkOpen(b *testing.B) {
	const count = 100_000
	dir := b.TempDir()
	_ = benchStream(b, dir, count).Close()
	n := 0
	for b.Loop() {
		a := openAdapter(b, dir, quiet())
		if _, err := a.Open(context.Background(), "replay"); err != nil {
			b.Fatal(err)
		}
		_ = a.Close()
		n += count
	}
	perSecond(b, n)
}
