// Package nats keeps sealstream streams in NATS JetStream.
//
// # Quick start
//
// Hand the store the package's opener for nats:// URLs:
//
//	store, err := stream.NewStore(ctx, stream.Config{
//		URL:    "nats://10.0.0.1:4222,nats://10.0.0.2:4222,nats://10.0.0.3:4222",
//		Keys:   ring,
//		Opener: nats.Options{Replicas: 3}.Open,
//	})
//
// [Open] is the same opener with default [Options]. [New] wraps a
// connection the caller already has. The package name clashes with
// github.com/nats-io/nats.go: import one of the two under another name
// (this package calls nats.go natsgo).
//
// # Server set-up
//
// The server needs JetStream (nats-server 2.12 or later: atomic batch
// publish and batch direct get) and, for acknowledged writes to survive a
// power loss, an fsync per write:
//
//	jetstream {
//		store_dir: /var/lib/nats
//		sync_interval: always
//	}
//
// JetStream's default syncs every two minutes, and lost acknowledged
// writes under power loss (Jepsen, 2025). With Replicas 3 a write is
// acknowledged once a quorum of servers has stored it.
//
// # Layout
//
// One JetStream stream (default SEALSTREAM, file storage, no limits, no
// deletes of a message; purges only for Erase, see below) holds every
// sealstream stream, each on a subject of
// its own: the subject prefix (default sealstream) and the stream ID in
// unpadded base32, extended hex alphabet. Any ID is then a single literal
// subject token: dots, wildcards, spaces, control characters and slashes
// in an ID cannot change the subject's meaning, and distinct IDs never
// share a subject. [Options.Subject] names it for operators' tools. IDs
// over [MaxStreamIDBytes] are refused.
//
// Each message is one record in its codec binary form. Versions are not
// JetStream sequences (those count every stream in the JetStream stream);
// the version travels in the record, and the adapter remembers which
// sequence holds which version as it goes.
//
// # Appends
//
// An append at version v names, in Nats-Expected-Last-Subject-Sequence,
// the sequence of the record at v (0 for an empty stream); the server
// refuses it if anything was appended since, and the adapter reports
// [sealstream.ErrConflict]. Several records go as one atomic batch that
// the server commits whole or not at all, under that same check. Every
// message has a Nats-Msg-Id unique to its call; when the outcome of a
// publish is unknown (a timeout, a leader election), the adapter asks the
// stream leader what follows the expected head and retries, so that a
// lost acknowledgement neither fails a stored append nor stores it twice.
//
// # Listing and erasing
//
// [Adapter.Streams] lists the subjects with messages under the prefix
// (stream info with a subject filter, from the stream leader) and decodes
// their tokens back to IDs, in byte order of the IDs. [Adapter.Erase]
// purges one stream's subject, irreversibly. It is the only purge the
// adapter makes, so the JetStream stream it creates allows purges
// (deny_purge off); deleting single messages stays denied. Give the
// purge API ($JS.API.STREAM.PURGE.<stream>) to the adapter's NATS user
// alone. A stream created with deny_purge, as this adapter did before it
// could erase, keeps it (JetStream cannot turn it off): Erase of a stream
// with messages then fails, and erasure needs the records moved to a new
// JetStream stream.
//
// # Reads and watching
//
// Reads use the batch direct get API: up to 1000 records per request, no
// consumer. Direct gets may be served by a replica that lags the leader,
// so a read that comes up short of what the adapter knows is stored is
// completed from the leader. Heads come from the leader.
//
// The first Changed call on a stream starts one ordered consumer for it
// (headers only) that fires the signal for each appended record, whoever
// appended it; nats.go recreates it after a reconnect or a leader change
// from where it stopped, and the adapter also fires the signal on each
// reconnect. A watcher re-reads from its last version on each signal, so
// it sees every record once.
//
// # Change feed
//
// The adapter is an [adapter.Feed]. A change's position is the JetStream
// sequence of its batch's last record: one JetStream stream orders every
// sealstream stream, assigns sequences in commit order and commits a batch
// whole, so a consumer that resumes after the last position it handled
// misses nothing. [Adapter.Changes] asks the stream leader for the last
// sequence, then reads the records after the position with batch direct
// gets on every subject under the prefix, decoding only each record's
// version; records of one Append share the nonce of their Nats-Msg-Id.
// Reads that a lagging replica cuts short go on from the leader. Erase
// purges a stream's records, and so its changes. The first
// [Adapter.FeedChanged] starts one ordered consumer on every subject under
// the prefix (headers only), which runs until Close; reconnects fire the
// signal too.
package nats
