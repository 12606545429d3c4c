package keyset_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/sealstream/sealstream"
	"github.com/tink-crypto/tink-go/v2/aead"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

func ExampleOpenDirKeyring() {
	dir, err := os.MkdirTemp("", "keys")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()

	ring, err := sskeyset.OpenDirKeyring(dir, []byte("mysecret"))
	if err != nil {
		log.Fatal(err)
	}
	a, err := ring.StreamAEAD(ctx, "user-1")
	if err != nil {
		log.Fatal(err)
	}
	ct, err := a.Encrypt([]byte("hello"), nil)
	if err != nil {
		log.Fatal(err)
	}

	// Later, in another process: the same directory and passphrase.
	again, err := sskeyset.OpenDirKeyring(dir, []byte("mysecret"))
	if err != nil {
		log.Fatal(err)
	}
	a, err = again.StreamAEAD(ctx, "user-1")
	if err != nil {
		log.Fatal(err)
	}
	pt, err := a.Decrypt(ct, nil)
	fmt.Printf("%s %v\n", pt, err)

	_, err = sskeyset.OpenDirKeyring(dir, []byte("not my secret"))
	fmt.Println(errors.Is(err, sealstream.ErrWrongKey))
	// Output:
	// hello <nil>
	// true
}

func ExampleKeyring_Rotate() {
	ctx := context.Background()
	ring := sskeyset.NewMemory()
	a, err := ring.StreamAEAD(ctx, "user-1")
	if err != nil {
		log.Fatal(err)
	}
	old, err := a.Encrypt([]byte("before rotation"), nil)
	if err != nil {
		log.Fatal(err)
	}
	if err := ring.Rotate(ctx, "user-1"); err != nil {
		log.Fatal(err)
	}
	a, err = ring.StreamAEAD(ctx, "user-1")
	if err != nil {
		log.Fatal(err)
	}
	ct, err := a.Encrypt([]byte("after rotation"), nil)
	if err != nil {
		log.Fatal(err)
	}
	pt, err := a.Decrypt(old, nil)
	fmt.Printf("%s %v\n", pt, err)
	fmt.Println("same key ID:", string(ct[1:5]) == string(old[1:5]))
	// Output:
	// before rotation <nil>
	// same key ID: false
}

func ExampleKeyring_Forget() {
	ctx := context.Background()
	ring := sskeyset.NewMemory()
	if _, err := ring.StreamAEAD(ctx, "user-1"); err != nil {
		log.Fatal(err)
	}
	if err := ring.Forget(ctx, "user-1"); err != nil {
		log.Fatal(err)
	}
	_, err := ring.StreamAEAD(ctx, "user-1")
	fmt.Println(errors.Is(err, sealstream.ErrShredded))
	// Output: true
}

func ExamplePassphrase() {
	h, err := tinkkeyset.NewHandle(aead.AES256GCMKeyTemplate())
	if err != nil {
		log.Fatal(err)
	}
	p := sskeyset.Passphrase([]byte("mysecret"), sskeyset.DefaultArgon2)
	blob, err := p.Seal(h, "stream/user-1")
	if err != nil {
		log.Fatal(err)
	}
	if _, err := p.Open(blob, "stream/user-1"); err != nil {
		log.Fatal(err)
	}
	_, err = sskeyset.Passphrase([]byte("guess"), sskeyset.DefaultArgon2).Open(blob, "stream/user-1")
	fmt.Println(errors.Is(err, sealstream.ErrWrongKey))
	// Output: true
}

func ExampleOpenDir() {
	dir, err := os.MkdirTemp("", "keys")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	store, err := sskeyset.OpenDir(dir)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if err := store.Put(ctx, "../escape", []byte("sealed keyset")); err != nil {
		log.Fatal(err)
	}
	blob, err := store.Get(ctx, "../escape")
	fmt.Printf("%s %v\n", blob, err)
	_, err = store.Get(ctx, "missing")
	fmt.Println(errors.Is(err, sskeyset.ErrNotFound))
	// Output:
	// sealed keyset <nil>
	// true
}
