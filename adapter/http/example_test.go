package httpadapter_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/file"
	httpadapter "github.com/sealstream/sealstream/adapter/http"
	"github.com/sealstream/sealstream/adapter/http/server"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// A server over a directory, and a device that keeps its stream and its
// passphrase keyring there.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "sealstream-sync")
	defer os.RemoveAll(dir)

	// The server: streams and sealed keysets in dir, one token.
	token, hash, _ := server.NewToken()
	backend, _ := file.Open(ctx, dir, nil)
	defer backend.Close()
	blobs, _ := keyset.OpenDir(dir + "/.blobs")
	srv, _ := server.New(backend, blobs, server.Options{Tokens: []server.Token{
		{Name: "alice-phone", Hash: hash, Prefix: "alice/", Blobs: "alice", Read: true, Write: true},
	}})
	defer srv.Close()
	hs := httptest.NewServer(srv)
	defer hs.Close()
	defer srv.Drain()

	// A device: the keyring on the server, sealed under a passphrase.
	o := httpadapter.Options{Token: token}
	ringBlobs, _ := httpadapter.NewBlobStore(hs.URL, o)
	defer ringBlobs.Close()
	ring := keyset.New(ringBlobs, keyset.Passphrase([]byte("correct horse"), keyset.Argon2Params{Time: 1, Memory: 64, Threads: 1}))
	store, _ := stream.NewStore(ctx, stream.Config{URL: hs.URL, Keys: ring, Opener: o.Open})
	defer store.Close()

	s, _ := stream.Open(ctx, store, "alice/life", fold.Count(), 0)
	defer s.Close()
	v, err := s.Append(ctx, []sealstream.Event{{Type: "Moved", Data: []byte(`{"to":"Elm St"}`)}})
	fmt.Println(v, err)
	n, err := s.State(ctx)
	fmt.Println(n, err)
	// Output:
	// 1 <nil>
	// 1 <nil>
}
