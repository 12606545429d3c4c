// Package s3 keeps sealstream streams in an S3 bucket (AWS S3, or any
// server with conditional writes: MinIO, R2, GCS, versitygw), through the
// AWS SDK for Go v2. It lives in a module of its own, so the core never
// depends on the SDK.
//
// # Opening
//
// [Open] has the signature of the stream package's opener; with a
// [BlobStore] for the keys, a whole store lives in one bucket:
//
//	blobs, err := s3.NewBlobStore(ctx, url)
//	ring := keyset.New(blobs, keyset.Passphrase(pass, keyset.DefaultArgon2))
//	store, err := stream.NewStore(ctx, stream.Config{URL: url, Keys: ring, Opener: s3.Open})
//
// The URL is s3://bucket/prefix?endpoint=…&region=…&path_style=…; endpoint
// (http:// or https://) names an S3-compatible server, and path_style
// defaults to true with one. Credentials come from the SDK's default chain
// or [Options.Credentials], never from the URL: one that holds them is
// refused, and errors show the URL as s3://bucket/prefix only.
//
// # Layout
//
// Under the prefix P, a stream ID is escaped (every byte but a-z, 0-9, '-'
// and '_' becomes %XX) and cut into 200-byte pieces, so no ID can hold a
// '/', "." or ".." of its own ([StreamKey] shows the result):
//
//	P i/<id>.s                          empty: lists the stream
//	P s/<id>.s/c/<n, 20 digits>         commit n: the records of one append
//	P s/<id>.s/head                     hint: a recent commit number
//	P s/<id>.s/g/<first>-<last>         segment: commits first..last, compacted
//	P k/<name>.b                        a keyset blob of a BlobStore
//
// # Appending
//
// An append writes one commit object, numbered one past the commit that
// ends at the expected version, with If-None-Match: * (the pattern of
// Delta Lake's _delta_log): of writers racing for a number exactly one
// wins, and the others get [sealstream.ErrConflict]. A writer that expects
// a version behind the head finds every number up to the head taken, so it
// can never write past it. Versions follow from the commits: each holds
// its first version, its count and the bytes of the log up to it.
// Requests are retried on 409 ConditionalRequestConflict, 503 SlowDown,
// other 5xx answers and connection errors, with exponential backoff and
// jitter ([Options.MaxAttempts], RetryBase, RetryMax).
//
// A retry that finds its number taken reads the commit back: its own
// bytes (an earlier attempt landed, its answer lost) are a success. When
// a write ends with its outcome unknown, the adapter fences the number
// with a void commit (no records) by the same put-if-absent: then the
// write can never land later and Append fails; or the number is taken,
// and the commit there tells whether the append landed. A failed Append
// so never shows up later, unless fencing fails too (the error says the
// outcome is unknown). A void commit takes a number but no version, and
// readers skip it.
//
// # Finding the head
//
// Every HintEvery commits (default 8) the writer also rewrites the head
// hint. A reader new to a stream reads the hint and the commit it names
// (a hint naming a missing commit is ignored: hints lag, and may outlive
// an erased stream), then gallops: it probes the commits 1, 3, 7, … past
// it until one is missing, and bisects. A head d commits past the hint
// costs about 2 + 2·log2(d) GETs, and no listing; an adapter that knows a
// head checks for the next commit only: one GET.
//
// # Reading and compaction
//
// A read from version v bisects the commits for the one that holds v
// (commits start at increasing versions): log2(commits) GETs at worst,
// fewer as the adapter learns where commits start, none for a watcher
// reading on from its last version. It then reads commit after commit.
//
// For a log of many small commits, reading one object per commit is the
// cost of a replay, so reads compact: with SegmentCommits S (default
// 256), segment k holds commits k·S+1 to (k+1)·S; its key follows from a
// commit number, so readers find it with one GET, no listing. A reader
// that read a whole range commit by commit writes its segment, with
// put-if-absent (readers compacting one range at once write the same
// bytes; the first stays). A replay of C commits then costs C/S segment
// GETs plus the commits past the last full range. Compaction never
// deletes a commit: commits are the log, and put-if-absent needs them to
// keep refusing their numbers, so concurrent readers and writers never
// notice it. The price is storage: compacted ranges are kept twice.
//
// # Watching
//
// Changed fires at once for appends through the same adapter. For other
// adapters and processes, while a Changed channel is out the adapter
// checks the stream for its next commit every PollInterval (default 1s):
// one GET per watched stream per interval, nothing for streams nobody
// watches. A watcher reads on from its last version, so it sees every
// record once.
//
// # Listing, erasing, keys
//
// [Adapter.Streams] lists the index objects under a prefix: one LIST per
// 1,000 streams. [Adapter.Erase] deletes a stream's objects, 1,000 per
// request, and closes its open logs in this adapter. [BlobStore] keeps
// keyring blobs, its Create a put-if-absent, so keyrings in several
// processes can share it.
//
// The adapter keeps no store-wide change feed (it is no [adapter.Feed]:
// the stream package's Store.Changes answers [errors.ErrUnsupported]). An
// object store orders nothing across keys; a feed would need a
// coordinating writer, or a claimed sequence object per append fenced
// against writers that stall, at the cost of more requests per append.
//
// # Durability and trust
//
// An append is acknowledged when S3 acknowledged its PUT, that is once the
// object is stored durably. The bucket holds sealed records only: payloads
// stay encrypted, and the records' hash chain and authentication are
// checked above this package, so a damaged or forged object is refused
// there if not here. Here every object carries a CRC-32C and its own
// number, objects over [Options.MaxCommitSize] are never read, and damage
// is an error matching [sealstream.ErrCorrupt]. Use a bucket without
// versioning for keysets (a Forget must destroy them), or expire old
// versions with a lifecycle rule.
package s3
