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
// # Authenticity
//
// Every record authenticates under a key a storage attacker lacks,
// whatever its mode: "all" payloads under the stream keys; events sealed to
// recipients ([To]) by a tag under the stream keys and the signature of the
// writer identity (Config.Writer), which readers without the stream keys
// check against the writers they trust (Config.Trust). Through the hash
// chain an authenticated record vouches for all before it, so filtered
// reads authenticate the records they skip without opening them for the
// caller. [Stream.Checkpoint] and [Extends] catch truncation, rollback and
// forks. SECURITY.md in the repository has the threat model.
//
// # Reading and watching
//
// [Stream.ReadAndWatch] is a catch-up subscription: it folds the history,
// then waits for the adapter's change signal and continues from the last
// version it yielded, so no event is skipped or repeated at the hand-over.
// [Where] filters on plaintext type and metadata before any decryption.
//
// [Store.Changes] and [Store.WatchChanges] read the store-wide change feed:
// every batch appended to any stream of the location, as its stream and
// versions at a position in one order, so that projections across streams
// and "what changed since P" sync resume after the last position handled
// and miss nothing (see [adapter.Feed] for what each storage promises).
//
// # Snapshots
//
// State is never stored as the truth: it is a fold over the log. A stream
// opened with [Snapshots] keeps, as a cache, a sealed copy of the fold's
// state every so many events, so that its default reads skip the history:
//
//	s, err := stream.Open(ctx, store, "user-123", fold.Count(), 0,
//		stream.Snapshots[int]("count-v1", 10_000)) // a new name for a changed fold
//
// Snapshots live in a log of their own in the same store, whose ID starts
// with [SnapshotPrefix]; such IDs are reserved, [Store.Streams] does not
// list those logs and [Store.Erase] erases them with their stream. Each
// snapshot is encoded by a [SnapshotCodec] (JSON by default, [WithCodec]
// for another) and sealed like an event under the stream's keys, with
// associated data binding the stream ID, the snapshot name, the codec's
// name, the version v it covers and the chain hash of the stream's record
// at v (in a plaintext store, a digest of the same fields). So a snapshot
// of another stream, another fold, another codec or another history never
// opens, and after a Forget it is as unreadable as the events.
//
// [Stream.State] with no options, [Stream.ReadAndWatch] with no [From],
// [Where], [As] or [RequireAccess], and [Stream.Follow] from
// [Stream.Start] with no Where, As or RequireAccess read the newest
// snapshot and check it: v is at most the head, the log's record at v has
// the chain hash the snapshot names, and it opens and decodes. They then
// fold only the events after v, checking that the first of them chains to
// that record: ReadAndWatch and Follow yield the snapshot's state (with
// version v) first. A snapshot that fails any check is ignored: the read
// replays the log from the start, as it would without snapshots, and
// writes a fresh one once the history holds every events. A snapshot is
// never trusted over the log. It vouches for the history it covers as that
// history was when it was written, which the read checked then; later
// damage to those records is what [Stream.Verify] and any read that
// replays them report.
//
// Any other read replays the log as without snapshots: filters, a start
// version, reading [As] an identity, and [RequireAccess] (a snapshot folds
// the default read, which skips events sealed to recipients the reader is
// not among; a RequireAccess read must fail on them, so it walks them).
//
// A default read that folds past the newest snapshot's version plus every
// writes a snapshot of the state at the last multiple of every it reached
// (ReadAndWatch and Follow when they have caught up with the log). Writing
// is best effort: a failure never fails the read, and when two readers
// race, one snapshot is enough. The snapshot log holds one record per
// snapshot; older ones stay until the stream is erased. Snapshot logs are
// opened through the store like streams, so a warm one takes a place in
// Config.CacheSize.
//
// # Concurrency and caching
//
// Streams are safe for concurrent use. Concurrent appends to one stream
// are group-committed: they share one adapter write (and one fsync on
// file storage). A Store keeps up to Config.CacheSize closed streams warm,
// evicting the least recently used.
//
// # One truth across handles, stores and processes
//
// Several Stores (in one process or several) may open one location, and
// several keyrings may share one key storage. Each sees what the storage
// holds, not what it cached:
//
//   - An expected version is judged against the log's true head: a handle
//     whose cached head is stale reloads it before refusing.
//   - Keys are read from Config.Keys at every Append and at the start of
//     every read. A rotation made through any keyring is used by the next
//     Append anywhere; once a Forget has returned, no Append is
//     acknowledged (every mode fails with [sealstream.ErrShredded], also one
//     whose batch was being written as the keys went) and every later read
//     fails with ErrShredded. A read already under way keeps the keys it
//     fetched for the events it has yet to yield.
//   - Keys are made only for an empty stream: a stream that holds events
//     and has lost its keyset is [sealstream.ErrNoKey], never given a new key.
//   - A failed Append returns version 0. When it failed in a way that
//     leaves the storage unusable (a failed write or fsync poisons a file
//     log, and fsync is never retried), the next Append opens the log
//     afresh, re-verifying its tail, so the stream stays usable; readers
//     and watchers carry on.
//   - A file store reports every torn tail it cuts (what a crash in the
//     middle of an append leaves) to Config.OnRecover and counts it in
//     [Metrics]; other damage is [sealstream.ErrCorrupt], never cut.
//
// Every blocking step honours its context: opening, waiting for other
// appends to commit, building the idempotency index. Errors name the
// stream once and the operation that failed.
package stream
