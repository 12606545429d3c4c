package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"strconv"
	"strings"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// The archive of one stream is text, one field a line:
//
//	sealstream archive v1
//	stream <stream ID, base64url>
//	version <N>
//	checkpoint <the signed checkpoint of version N, base64>
//	record <record 1, codec binary form, base64>
//	…
//	record <record N>
//	end <SHA-256 of every line above, hex>
//
// The records carry their hash chain; the checkpoint signs the last one's
// hash; the end line catches a cut or damaged file early.
const archiveHeader = "sealstream archive v1"

// archiveWriter writes an archive, hashing what it writes. Lines gather
// in a buffer, hashed and written at each flush.
type archiveWriter struct {
	w   io.Writer
	sum hash.Hash
	out []byte // lines not yet written
	bin []byte // scratch for one record's binary form
	err error  // the first write error
}

func newArchiveWriter(w io.Writer, id string, version uint64, cp []byte) *archiveWriter {
	a := &archiveWriter{w: w, sum: sha256.New()}
	a.line(archiveHeader)
	a.line("stream " + base64.RawURLEncoding.EncodeToString([]byte(id)))
	a.line("version " + strconv.FormatUint(version, 10))
	a.line("checkpoint " + base64.StdEncoding.EncodeToString(cp))
	return a
}

func (a *archiveWriter) line(s string) {
	a.out = append(append(a.out, s...), '\n')
}

// record adds one record's line.
func (a *archiveWriter) record(r *codec.Record) error {
	b, err := r.AppendBinary(a.bin[:0])
	if err != nil {
		return fmt.Errorf("version %d: %w", r.Version, err)
	}
	a.bin = b
	a.out = append(a.out, "record "...)
	a.out = base64.StdEncoding.AppendEncode(a.out, b)
	a.out = append(a.out, '\n')
	return nil
}

// flush hashes and writes the lines added since the last flush.
func (a *archiveWriter) flush() error {
	if a.err == nil && len(a.out) > 0 {
		a.sum.Write(a.out)
		_, a.err = a.w.Write(a.out)
	}
	a.out = a.out[:0]
	return a.err
}

// end writes what is left and the end line.
func (a *archiveWriter) end() error {
	if err := a.flush(); err != nil {
		return err
	}
	a.line("end " + hex.EncodeToString(a.sum.Sum(nil)))
	_, err := a.w.Write(a.out)
	return err
}

// archive is a parsed archive whose form, record chain and end line have
// been checked; its checkpoint and payloads are not yet authenticated.
type archive struct {
	stream     string
	version    uint64
	checkpoint []byte
	records    []codec.Record
}

// damaged is the error of an archive that fails a check.
func damaged(format string, args ...any) error {
	return fmt.Errorf("the archive is damaged or tampered with: %s: %w", fmt.Sprintf(format, args...), sealstream.ErrIntegrity)
}

// readArchive parses and checks an archive.
func readArchive(r io.Reader) (*archive, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	sum := sha256.New()
	var fields []string
	a := &archive{}
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "end "); ok {
			if hex.EncodeToString(sum.Sum(nil)) != rest {
				return nil, damaged("the end line does not match the content")
			}
			if sc.Scan() {
				return nil, damaged("content after the end line")
			}
			return a, a.check(fields)
		}
		sum.Write([]byte(line + "\n"))
		if n <= 4 {
			fields = append(fields, line)
			continue
		}
		b64, ok := strings.CutPrefix(line, "record ")
		b, err := base64.StdEncoding.DecodeString(b64)
		var rec codec.Record
		if !ok || err != nil || rec.UnmarshalBinary(b) != nil {
			return nil, damaged("line %d is not a record", n)
		}
		a.records = append(a.records, rec)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read the archive: %w", err)
	}
	return nil, damaged("no end line: the file was cut")
}

// check parses the header fields and checks the records' chain.
func (a *archive) check(fields []string) error {
	if len(fields) != 4 || fields[0] != archiveHeader {
		return damaged("not a sealstream archive v1")
	}
	id, err1 := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(fields[1], "stream "))
	v, err2 := strconv.ParseUint(strings.TrimPrefix(fields[2], "version "), 10, 64)
	cp, err3 := base64.StdEncoding.DecodeString(strings.TrimPrefix(fields[3], "checkpoint "))
	if err1 != nil || err2 != nil || err3 != nil || !strings.HasPrefix(fields[1], "stream ") ||
		!strings.HasPrefix(fields[2], "version ") || !strings.HasPrefix(fields[3], "checkpoint ") {
		return damaged("the header is malformed")
	}
	a.stream, a.version, a.checkpoint = string(id), v, cp
	if uint64(len(a.records)) != v {
		return damaged("%d records for version %d", len(a.records), v)
	}
	var prev []byte
	for i := range a.records {
		r := &a.records[i]
		if r.Version != uint64(i+1) || !bytes.Equal(r.Prev, prev) {
			return damaged("the chain breaks at version %d", i+1)
		}
		prev = codec.Hash(a.stream, r)
	}
	return nil
}
