package file_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/codec"
)

const lineStream = "line-stream"

var lineCodec = file.NewLineCodec(lineStream, 0)

// jsonLine is the line format as encoding/json sees it.
type jsonLine struct {
	F    int               `json:"f"`
	V    uint64            `json:"v"`
	More uint64            `json:"more"`
	ID   string            `json:"id"`
	Type string            `json:"type"`
	Time int64             `json:"time"`
	Meta map[string]string `json:"meta"`
	Prev []byte            `json:"prev"`
	Data []byte            `json:"data"`
	CRC  string            `json:"crc"`
}

// stdDecode decodes a line with encoding/json, unknown fields refused,
// and returns its record and batch marker.
func stdDecode(line []byte) (codec.Record, uint64, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	var j jsonLine
	if err := dec.Decode(&j); err != nil {
		return codec.Record{}, 0, err
	}
	if dec.More() {
		return codec.Record{}, 0, errors.New("trailing data")
	}
	if j.F != 1 {
		return codec.Record{}, 0, fmt.Errorf("format %d", j.F)
	}
	return codec.Record{Version: j.V, ID: j.ID, Type: j.Type, Time: j.Time, Metadata: j.Meta, Prev: j.Prev, Payload: j.Data},
		j.More, nil
}

// withCRC completes a line body with the checksum of the test stream.
func withCRC(body []byte) []byte {
	tab := crc32.MakeTable(crc32.Castagnoli)
	sum := crc32.Update(0, tab, binary.AppendUvarint(nil, uint64(len(lineStream))))
	sum = crc32.Update(sum, tab, []byte(lineStream))
	sum = crc32.Update(sum, tab, body)
	return fmt.Appendf(bytes.Clone(body), `,"crc":"%08x"}`, sum)
}

// body strips the checksum from a line.
func body(line []byte) []byte { return line[:bytes.LastIndex(line, []byte(`,"crc":"`))] }

var tricky = []string{"a", "Z", "0", " ", `"`, `\`, "/", "\n", "\r", "\t", "\b", "\f", "\x00", "\x01", "\x1f",
	"\x7f", "<", ">", "&", "é", "世", "😀", "\u2028", "\u00a0", "\ufeff", "\U0010ffff", ":", ",", "{", "}", "[", "]"}

func randString(rng *rand.Rand) string {
	var b strings.Builder
	for range rng.IntN(12) {
		b.WriteString(tricky[rng.IntN(len(tricky))])
	}
	return b.String()
}

func randRecord(rng *rand.Rand) codec.Record {
	r := codec.Record{ID: randString(rng), Type: randString(rng)}
	switch rng.IntN(4) {
	case 0:
		r.Version, r.Time = math.MaxUint64, math.MinInt64
	case 1:
		r.Version, r.Time = 0, math.MaxInt64
	default:
		r.Version, r.Time = rng.Uint64N(1<<40), rng.Int64()-rng.Int64()
	}
	if n := rng.IntN(4); n > 0 {
		r.Metadata = map[string]string{}
		for range n {
			r.Metadata[randString(rng)] = randString(rng)
		}
	}
	if rng.IntN(2) == 0 {
		r.Prev = make([]byte, 32)
		for i := range r.Prev {
			r.Prev[i] = byte(rng.UintN(256))
		}
	}
	r.Payload = make([]byte, rng.IntN(300))
	for i := range r.Payload {
		r.Payload[i] = byte(rng.UintN(256))
	}
	if len(r.Payload) == 0 {
		r.Payload = nil
	}
	return r
}

// TestLineDifferential encodes random records with tricky strings and
// random batch markers: the line is valid JSON, encoding/json reads the
// same record and marker from it and writes the same bytes before the
// checksum, and DecodeLine round-trips.
func TestLineDifferential(t *testing.T) {
	rng := seeded(t)
	for i := range 5000 {
		r := randRecord(rng)
		more := []uint64{0, 1, rng.Uint64N(1000), rng.Uint64(), math.MaxUint64}[rng.IntN(5)]
		line, err := lineCodec.AppendLine(nil, &r, more)
		mustf(t, err, "AppendLine(%+v, %d)", r, more)
		if line[len(line)-1] != '\n' || bytes.Count(line, []byte("\n")) != 1 {
			t.Fatalf("line %d is not one line: %q", i, line)
		}
		line = line[:len(line)-1]
		std, stdMore, err := stdDecode(line)
		mustf(t, err, "encoding/json on %q", line)
		if !std.Equal(r) || stdMore != more {
			t.Fatalf("encoding/json read %+v, %d from %q, want %+v, %d", std, stdMore, line, r, more)
		}
		got, gotMore, err := lineCodec.DecodeLine(line)
		mustf(t, err, "DecodeLine(%q)", line)
		if !got.Equal(r) || gotMore != more {
			t.Fatalf("DecodeLine(%q) = %+v, %d, want %+v, %d", line, got, gotMore, r, more)
		}
		if strings.Contains(fmt.Sprint(r), "\u2028") {
			continue // encoding/json escapes U+2028; the line format keeps it raw
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		mustf(t, enc.Encode(jsonLine{F: 1, V: r.Version, More: more, ID: r.ID, Type: r.Type, Time: r.Time,
			Meta: orEmpty(r.Metadata), Prev: orEmptyBytes(r.Prev), Data: orEmptyBytes(r.Payload)}), "json encode")
		if want := string(body(buf.Bytes())); string(body(line)) != want {
			t.Fatalf("line body\n%s\nencoding/json writes\n%s", body(line), want)
		}
	}
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func orEmptyBytes(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

func TestDecodeLineRefusesOtherStreamAndLongLines(t *testing.T) {
	r := codec.Record{Version: 1, ID: "e1", Type: "T", Payload: bytes.Repeat([]byte{1}, 200)}
	line, err := lineCodec.AppendLine(nil, &r, 0)
	mustf(t, err, "encode")
	line = line[:len(line)-1]
	_, _, err = file.NewLineCodec("another-stream", 0).DecodeLine(line)
	wantErr(t, "decode with another stream's codec", err, sealstream.ErrCorrupt)
	_, _, err = file.NewLineCodec(lineStream, 100).DecodeLine(line)
	wantErr(t, "decode past the line limit", err, sealstream.ErrCorrupt)
	_, err = file.NewLineCodec(lineStream, 100).AppendLine(nil, &r, 0)
	wantErr(t, "encode past the line limit", err, sealstream.ErrTooLarge)
}
