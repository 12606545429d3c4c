package main_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/sealstream/sealstream/codec"
)

// forgeArchive relabels the type of record 2 of archive b and recomputes
// what needs no key: the chain after it and the end line.
func forgeArchive(ts *testscript.TestScript, b []byte) []byte {
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	id, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(lines[1], "stream "))
	ts.Check(err)
	var prev []byte
	var out bytes.Buffer
	for _, line := range lines[:len(lines)-1] {
		raw, ok := strings.CutPrefix(line, "record ")
		if ok {
			bin, err := base64.StdEncoding.DecodeString(raw)
			ts.Check(err)
			var r codec.Record
			ts.Check(r.UnmarshalBinary(bin))
			if r.Version == 2 {
				r.Type = "Forged"
			}
			if r.Version > 1 {
				r.Prev = prev
			}
			prev = codec.Hash(string(id), &r)
			bin, err = r.MarshalBinary()
			ts.Check(err)
			line = "record " + base64.StdEncoding.EncodeToString(bin)
		}
		out.WriteString(line + "\n")
	}
	sum := sha256.Sum256(out.Bytes())
	out.WriteString("end " + hex.EncodeToString(sum[:]) + "\n")
	return out.Bytes()
}
