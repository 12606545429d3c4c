package keyset_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

// crafted returns a passphrase container with the given parameter fields.
func crafted(time, memory uint32, threads byte, salt int) []byte {
	params := binary.BigEndian.AppendUint32(nil, time)
	params = binary.BigEndian.AppendUint32(params, memory)
	params = append(append(params, threads), make([]byte, salt)...)
	return append(sskeyset.Header(sskeyset.KindPassphrase, params), "not a keyset"...)
}

func TestPassphraseRefusesOutOfBoundsParametersWithoutDeriving(t *testing.T) {
	for _, tc := range []struct {
		name string
		blob []byte
	}{
		{"all huge", crafted(1<<32-1, 1<<32-1, 255, 16)},
		{"time 0", crafted(0, 64, 1, 16)},
		{"time 11", crafted(11, 64, 1, 16)},
		{"memory over 256 MiB", crafted(1, 1<<18+1, 1, 16)},
		{"memory under 8 KiB per thread", crafted(1, 15, 2, 16)},
		{"threads 0", crafted(1, 64, 0, 16)},
		{"threads 17", crafted(1, 1024, 17, 16)},
		{"salt 15 bytes", crafted(1, 64, 1, 15)},
		{"salt 65 bytes", crafted(1, 64, 1, 65)},
		{"parameters cut", append(sskeyset.Header(sskeyset.KindPassphrase, []byte{0, 0, 0, 1, 0, 0, 0, 64}), "x"...)},
		{"no parameters", append(sskeyset.Header(sskeyset.KindPassphrase, nil), "x"...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := sskeyset.Passphrase(pass, fast)
			if _, err := p.Open(tc.blob, "stream/s"); !errors.Is(err, sealstream.ErrCorrupt) {
				t.Errorf("Open: err = %v, want ErrCorrupt", err)
			}
			if got := sskeyset.Derivations(p); got != 0 {
				t.Errorf("derivations = %d, want 0", got)
			}
		})
	}
}

func TestPassphraseHeaderFlipsNeverOpen(t *testing.T) {
	_, blob := sealed(t)
	_, _, header, _, err := sskeyset.ParseHeader(blob)
	if err != nil {
		t.Fatal(err)
	}
	p := sskeyset.Passphrase(pass, fast)
	for i := range header {
		for _, mask := range []byte{0x01, 0x80, 0xff} {
			bad := bytes.Clone(blob)
			bad[i] ^= mask
			_, err := p.Open(bad, "stream/s")
			if !errors.Is(err, sealstream.ErrWrongKey) && !errors.Is(err, sealstream.ErrCorrupt) {
				t.Errorf("header byte %d ^ %#x: err = %v, want ErrWrongKey or ErrCorrupt", i, mask, err)
			}
		}
	}
}

func TestPassphraseBodyFlipsNeverGiveAnotherKey(t *testing.T) {
	ct, blob := sealed(t)
	_, _, header, _, err := sskeyset.ParseHeader(blob)
	if err != nil {
		t.Fatal(err)
	}
	p := sskeyset.Passphrase(pass, fast)
	for i := len(header); i < len(blob); i++ {
		bad := bytes.Clone(blob)
		bad[i] ^= 0x01
		h, err := p.Open(bad, "stream/s")
		if err != nil {
			if !errors.Is(err, sealstream.ErrWrongKey) {
				t.Errorf("body byte %d: err = %v, want ErrWrongKey", i, err)
			}
			continue
		}
		// Only unauthenticated metadata changed: the keys must be the same.
		mustDecrypt(t, primitive(t, h), ct)
	}
}
