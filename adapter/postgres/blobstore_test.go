package postgres_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io/fs"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/postgres"
	"github.com/sealstream/sealstream/keyset"
	"github.com/tink-crypto/tink-go/v2/aead/subtle"
	"github.com/tink-crypto/tink-go/v2/tink"
)

func newBlobStore(t *testing.T, u string) *postgres.BlobStore {
	t.Helper()
	s, err := postgres.NewBlobStore(context.Background(), u)
	if err != nil {
		t.Fatalf("NewBlobStore: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func masterKey(t *testing.T) tink.AEAD {
	t.Helper()
	k := make([]byte, 32)
	_, _ = rand.Read(k)
	kek, err := subtle.NewAESGCM(k)
	if err != nil {
		t.Fatal(err)
	}
	return kek
}

func streamAEAD(t *testing.T, ring *keyset.Keyring, id string) tink.AEAD {
	t.Helper()
	a, err := ring.StreamAEAD(context.Background(), id)
	if err != nil {
		t.Fatalf("StreamAEAD(%q): %v", id, err)
	}
	return a
}

// TestBlobStoreKeyring keeps a master-key keyring in the database: a second
// store (another process) reads the same keysets, rotation keeps old
// ciphertexts readable, a wrong master key fails with ErrWrongKey and
// Forget shreds.
func TestBlobStoreKeyring(t *testing.T) {
	_, u := freshSchema(t)
	kek := masterKey(t)
	ring := keyset.New(newBlobStore(t, u), keyset.MasterKey(kek))
	ad := []byte("user-1/1")
	ct, err := streamAEAD(t, ring, "user-1").Encrypt([]byte("claim"), ad)
	if err != nil {
		t.Fatal(err)
	}
	if err := ring.Rotate(context.Background(), "user-1"); err != nil {
		t.Fatal(err)
	}
	other := keyset.New(newBlobStore(t, u), keyset.MasterKey(kek))
	if pt, err := streamAEAD(t, other, "user-1").Decrypt(ct, ad); err != nil || string(pt) != "claim" {
		t.Fatalf("Decrypt through a second store = %q, %v", pt, err)
	}
	wrong := keyset.New(newBlobStore(t, u), keyset.MasterKey(masterKey(t)))
	if _, err := wrong.StreamAEAD(context.Background(), "user-1"); !errors.Is(err, sealstream.ErrWrongKey) {
		t.Fatalf("StreamAEAD under a wrong master key = %v, want ErrWrongKey", err)
	}
	if err := ring.Forget(context.Background(), "user-1"); err != nil {
		t.Fatal(err)
	}
	fresh := keyset.New(newBlobStore(t, u), keyset.MasterKey(kek))
	if _, err := fresh.StreamAEAD(context.Background(), "user-1"); !errors.Is(err, sealstream.ErrShredded) {
		t.Fatalf("StreamAEAD after Forget = %v, want ErrShredded", err)
	}
}

// TestBlobStoreFirstKeysetRace creates one stream's first keyset from 8
// keyrings on 8 stores at once: Create makes them all agree on one keyset.
func TestBlobStoreFirstKeysetRace(t *testing.T) {
	_, u := freshSchema(t)
	kek := masterKey(t)
	aeads := make([]tink.AEAD, 8)
	rings := make([]*keyset.Keyring, len(aeads))
	for i := range rings {
		rings[i] = keyset.New(newBlobStore(t, u), keyset.MasterKey(kek))
	}
	var wg sync.WaitGroup
	errs := make([]error, len(aeads))
	for i := range aeads {
		wg.Go(func() { aeads[i], errs[i] = rings[i].StreamAEAD(context.Background(), "new") })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	for i, a := range aeads {
		ct, err := a.Encrypt([]byte("x"), nil)
		if err != nil {
			t.Fatal(err)
		}
		for j, b := range aeads {
			if _, err := b.Decrypt(ct, nil); err != nil {
				t.Fatalf("keyring %d cannot open what keyring %d sealed: %v", j, i, err)
			}
		}
	}
}

// TestBlobStorePassphrase keeps a passphrase-protected keyring in the database.
func TestBlobStorePassphrase(t *testing.T) {
	_, u := freshSchema(t)
	cheap := keyset.Argon2Params{Time: 1, Memory: 64, Threads: 1}
	ring := keyset.New(newBlobStore(t, u), keyset.Passphrase([]byte("mysecret"), cheap))
	ct, err := streamAEAD(t, ring, "user-1").Encrypt([]byte("data"), nil)
	if err != nil {
		t.Fatal(err)
	}
	again := keyset.New(newBlobStore(t, u), keyset.Passphrase([]byte("mysecret"), cheap))
	if _, err := streamAEAD(t, again, "user-1").Decrypt(ct, nil); err != nil {
		t.Fatalf("Decrypt with the same passphrase: %v", err)
	}
	wrong := keyset.New(newBlobStore(t, u), keyset.Passphrase([]byte("other"), cheap))
	if _, err := wrong.StreamAEAD(context.Background(), "user-1"); !errors.Is(err, sealstream.ErrWrongKey) {
		t.Fatalf("StreamAEAD with another passphrase = %v, want ErrWrongKey", err)
	}
}

// TestBlobStoreNames stores blobs under names of any bytes, replaces,
// creates only once, deletes, and refuses blobs over the size limit.
func TestBlobStoreNames(t *testing.T) {
	schema, _ := freshSchema(t)
	pool, err := pgxpool.New(context.Background(), serverURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	s, err := postgres.BlobStoreOn(context.Background(), pool, schema)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	names := []string{"", "stream/a", "stream/a\x00b", "\xff\xfe", "'; DROP TABLE keysets; --", strings.Repeat("n", 5000)}
	for i, name := range names {
		if err := s.Put(ctx, name, []byte{byte(i), 0}); err != nil {
			t.Fatalf("Put(%q): %v", name, err)
		}
	}
	for i, name := range names {
		if got, err := s.Get(ctx, name); err != nil || !bytes.Equal(got, []byte{byte(i), 0}) {
			t.Fatalf("Get(%q) = %v, %v; want [%d 0]", name, got, err, i)
		}
	}
	if err := s.Put(ctx, "stream/a", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(ctx, "stream/a"); string(got) != "new" {
		t.Fatalf("Get after replacing Put = %q", got)
	}
	if err := s.Create(ctx, "stream/a", []byte("other")); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("Create on a stored name = %v, want fs.ErrExist", err)
	}
	if err := s.Delete(ctx, "stream/a"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, "stream/a"); !errors.Is(err, keyset.ErrNotFound) {
		t.Fatalf("Get after Delete = %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, "never stored"); err != nil {
		t.Fatalf("Delete of a missing name = %v", err)
	}
	if err := s.Put(ctx, "big", make([]byte, keyset.MaxBlobSize+1)); !errors.Is(err, sealstream.ErrTooLarge) {
		t.Fatalf("Put over MaxBlobSize = %v, want ErrTooLarge", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := pool.Ping(ctx); err != nil {
		t.Fatalf("the shared pool after the store's Close: %v", err)
	}
}
