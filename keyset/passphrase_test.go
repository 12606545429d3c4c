package keyset_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/tink-crypto/tink-go/v2/aead/subtle"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

var pass = []byte("correct horse battery staple")

// sealed returns a fresh keyset and its blob sealed by a passphrase
// protector with the fast parameters.
func sealed(t *testing.T) (ciphertext, blob []byte) {
	t.Helper()
	h := newHandle(t)
	blob, err := sskeyset.Passphrase(pass, fast).Seal(h, "stream/s")
	if err != nil {
		t.Fatal(err)
	}
	return encrypt(t, primitive(t, h)), blob
}

func TestPassphraseRoundTrip(t *testing.T) {
	ct, blob := sealed(t)
	// Another protector, with other parameters: Open derives with the
	// parameters written in the blob.
	p := sskeyset.Passphrase(pass, sskeyset.DefaultArgon2)
	h, err := p.Open(blob, "stream/s")
	if err != nil {
		t.Fatal(err)
	}
	mustDecrypt(t, primitive(t, h), ct)
	if got := sskeyset.Derivations(p); got != 1 {
		t.Errorf("derivations = %d, want 1", got)
	}
}

func TestPassphraseCopiesThePassphrase(t *testing.T) {
	mine := bytes.Clone(pass)
	p := sskeyset.Passphrase(mine, fast)
	clear(mine)
	ct, blob := sealed(t)
	h, err := p.Open(blob, "stream/s")
	if err != nil {
		t.Fatalf("Open after the caller cleared its passphrase: %v", err)
	}
	mustDecrypt(t, primitive(t, h), ct)
}

func TestPassphraseWrong(t *testing.T) {
	_, blob := sealed(t)
	for _, wrong := range [][]byte{[]byte("correct horse battery stapler"), {}, nil} {
		if _, err := sskeyset.Passphrase(wrong, fast).Open(blob, "stream/s"); !errors.Is(err, sealstream.ErrWrongKey) {
			t.Errorf("Open with passphrase %q: err = %v, want ErrWrongKey", wrong, err)
		}
	}
}

func TestPassphraseCachesDerivedKeys(t *testing.T) {
	p := sskeyset.Passphrase(pass, fast)
	h := newHandle(t)
	blob1, err := p.Seal(h, "stream/1")
	if err != nil {
		t.Fatal(err)
	}
	blob2, err := p.Seal(h, "stream/2")
	if err != nil {
		t.Fatal(err)
	}
	if got := sskeyset.Derivations(p); got != 2 {
		t.Fatalf("derivations after two seals = %d, want 2 (a fresh salt each)", got)
	}
	q := sskeyset.Passphrase(pass, fast)
	for range 5 {
		for _, o := range []sskeyset.Protector{p, q} {
			if _, err := o.Open(blob1, "stream/1"); err != nil {
				t.Fatal(err)
			}
			if _, err := o.Open(blob2, "stream/2"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got := sskeyset.Derivations(p); got != 2 {
		t.Errorf("sealing protector: derivations after opening its own blobs = %d, want 2", got)
	}
	if got := sskeyset.Derivations(q); got != 2 {
		t.Errorf("other protector: derivations after opening two blobs 5 times = %d, want 2", got)
	}
}

func TestPassphraseSaltIsFreshPerSeal(t *testing.T) {
	p := sskeyset.Passphrase(pass, fast)
	h := newHandle(t)
	b1, err1 := p.Seal(h, "stream/s")
	b2, err2 := p.Seal(h, "stream/s")
	if err := errors.Join(err1, err2); err != nil {
		t.Fatal(err)
	}
	_, params1, _, _, err1 := sskeyset.ParseHeader(b1)
	_, params2, _, _, err2 := sskeyset.ParseHeader(b2)
	if err := errors.Join(err1, err2); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(params1, params2) {
		t.Error("two seals wrote the same salt")
	}
	if want := 9 + 16; len(params1) != want {
		t.Errorf("parameters of %d bytes, want %d (time, memory, threads, 16-byte salt)", len(params1), want)
	}
}

func TestPassphraseSealRefuses(t *testing.T) {
	h := newHandle(t)
	if _, err := sskeyset.Passphrase(nil, fast).Seal(h, "stream/s"); !errors.Is(err, sealstream.ErrNoKey) {
		t.Errorf("Seal with an empty passphrase: err = %v, want ErrNoKey", err)
	}
	for _, p := range []sskeyset.Argon2Params{
		{Time: 0, Memory: 64, Threads: 1},
		{Time: 11, Memory: 64, Threads: 1},
		{Time: 1, Memory: 1<<20 + 1, Threads: 1},
		{Time: 1, Memory: 64, Threads: 0},
		{Time: 1, Memory: 64, Threads: 17},
		{Time: 1, Memory: 15, Threads: 2},
	} {
		if _, err := sskeyset.Passphrase(pass, p).Seal(h, "stream/s"); err == nil {
			t.Errorf("Seal with parameters %+v: err = nil, want an error", p)
		}
	}
}

func TestPassphraseRefusesOtherKinds(t *testing.T) {
	kek, err := subtle.NewAESGCM(bytes.Repeat([]byte{1}, 32))
	if err != nil {
		t.Fatal(err)
	}
	m := sskeyset.MasterKey(kek)
	mblob, err := m.Seal(newHandle(t), "stream/s")
	if err != nil {
		t.Fatal(err)
	}
	p := sskeyset.Passphrase(pass, fast)
	if _, err := p.Open(mblob, "stream/s"); !errors.Is(err, sealstream.ErrWrongKey) {
		t.Errorf("passphrase Open of a master-key blob: err = %v, want ErrWrongKey", err)
	}
	_, pblob := sealed(t)
	if _, err := m.Open(pblob, "stream/s"); !errors.Is(err, sealstream.ErrWrongKey) {
		t.Errorf("master-key Open of a passphrase blob: err = %v, want ErrWrongKey", err)
	}
	if got := sskeyset.Derivations(p); got != 0 {
		t.Errorf("derivations = %d, want 0", got)
	}
}
