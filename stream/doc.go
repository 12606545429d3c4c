// Package stream opens personal encrypted event streams: append-only,
// versioned logs whose state is a pure fold over their events.
//
// There are only a few types: a [Store] opens storage from a [Config]; a
// [Stream] is one open stream with its fold.
//
//	store, err := stream.NewStore(ctx, stream.Config{URL: "file:///var/lib/app/streams", Keys: keyset.NewMemory()})
//	defer store.Close()
//	s, err := stream.Open(ctx, store, "user-123", fold.Count(), 0)
//	defer s.Close()
//	v, err := s.Append(ctx, []sealstream.Event{{Type: "Moved", Data: []byte("to Lyon")}}, stream.ExpectVersion(4))
//	for n, err := range s.ReadAndWatch(ctx, stream.From(5)) { ... }
//
// # Versions
//
// Versions are 1-based and contiguous: the n-th event has version n and an
// empty stream is at version 0. Appends are atomic, optionally at an
// expected version ([ExpectVersion]), and idempotent by event ID over the
// whole history.
//
// # Encryption
//
// Payloads are sealed by default with the stream's Tink AES-256-GCM keyset
// from Config.Keys. The associated data binds each payload to the stream
// ID, version, event ID, type, time, metadata and the previous record's
// hash, so a moved, reordered, spliced or edited record fails to open. A
// store without keys refuses to open unless Config.Plaintext asks for
// plaintext by name. Adapters only ever see sealed bytes.
//
// # Reading and watching
//
// [Stream.ReadAndWatch] is a catch-up subscription: it folds the history,
// then waits for the adapter's change signal and continues from the last
// version it yielded, so no event is skipped or repeated at the hand-over.
// [Where] filters on plaintext type and metadata before any decryption.
//
// # Concurrency and caching
//
// Streams are safe for concurrent use. Concurrent appends to one stream
// are group-committed: they share one adapter write (and one fsync on
// file storage). A Store keeps up to Config.CacheSize closed streams warm,
// evicting the least recently used.
package stream
