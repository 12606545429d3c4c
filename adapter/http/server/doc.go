// Package server is the sealstream sync server: an http.Handler that
// keeps streams of sealed records in any sealstream adapter (a file
// directory, PostgreSQL, …) and sealed keyset blobs in any keyset blob
// store, for the holders of its bearer tokens. The API, the scope of
// tokens and the threat model are in the doc of the parent package,
// github.com/sealstream/sealstream/adapter/http; the commands
// cmd/sealstream-serve and "sealstream serve" run it over a store.
//
//	backend, err := file.Open(ctx, "/var/lib/sealstream", nil)
//	blobs, err := keyset.OpenDir("/var/lib/sealstream/.blobs")
//	tokens, err := server.LoadTokens("/etc/sealstream/tokens.json")
//	srv, err := server.New(backend, blobs, server.Options{Tokens: tokens, Log: slog.Default()})
//	ln, err := server.Listen(":8443", "cert.pem", "key.pem") // "", "": plain HTTP
//	err = srv.Serve(ctx, ln) // until ctx ends; then watches end, appends in flight finish
//	srv.Close()
//	backend.Close()
//
// [Server.HTTPServer] gives an http.Server with the same timeouts, for a
// listener or a shutdown of one's own.
//
// The server checks every record it is handed against the codec's limits
// and numbering before the backend sees it, bounds request bodies, batch
// sizes, read pages and each token's concurrent requests and watches,
// keeps the logs it opened warm (Options.OpenLogs), reads and encodes
// each new record once for all the watches of its stream, and reopens a
// log whose write failed. It never sees a plaintext or a key: clients seal.
//
// When the backend is an [adapter.Feed], the server serves its store-wide
// change feed cut to each token's scope: pages of changes (GET
// /v1/changes) whose closing line carries the last position looked at, so
// that a token reaching few streams still advances, and a live watch of
// them (GET /v1/changes/watch, one of the token's watches). A change out
// of a token's scope is never sent; a backend without a feed answers 501.
package server
