package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/postgres"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// A store whose streams and keys both live in PostgreSQL: the keyring's
// keysets sit sealed under a passphrase in the keysets table, and
// postgres.Open is the store's opener. It needs a server, so it is not run.
func ExampleOpen() {
	ctx := context.Background()
	url := os.Getenv("DATABASE_URL") // postgres://app@localhost/app?schema=events
	blobs, err := postgres.NewBlobStore(ctx, url)
	if err != nil {
		log.Fatal(err)
	}
	defer blobs.Close()
	ring := keyset.New(blobs, keyset.Passphrase([]byte(os.Getenv("PASSPHRASE")), keyset.DefaultArgon2))
	store, err := stream.NewStore(ctx, stream.Config{URL: url, Keys: ring, Opener: postgres.Open})
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	s, err := stream.Open(ctx, store, "user-123", fold.Count(), 0)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	v, err := s.Append(ctx, []sealstream.Event{{Type: "ClaimFiled", Data: []byte(`{"amount":1200}`)}})
	fmt.Println(v, err)
}

// Open serves postgres:// and postgresql:// URLs only; it refuses others
// before connecting.
func ExampleOpen_otherScheme() {
	_, err := postgres.Open(context.Background(), "mysql://app@localhost/app")
	fmt.Println(errors.Is(err, sealstream.ErrUnsupportedURL))
	// Output: true
}

// Options tune an adapter; OpenWith returns the concrete adapter.
func ExampleOpenWith() {
	ctx := context.Background()
	a, err := postgres.OpenWith(ctx, os.Getenv("DATABASE_URL"), postgres.Options{
		Schema:        "events",
		PageSize:      1000,
		MaxRecordSize: 4 << 20,
	})
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()
}
