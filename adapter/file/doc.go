// Package file is the durable adapter of sealstream: one JSONL file per
// stream in a directory, crash-safe, shared safely by several processes,
// with change notification across processes.
//
// Open an adapter on a directory (created 0700 if missing), or use OpenURL
// with a file:///absolute/dir URL, which is what the stream package does
// for that scheme:
//
//	a, err := file.Open(ctx, "/var/lib/app/streams", nil) // nil: defaults
//	defer a.Close()
//	l, err := a.Open(ctx, "user-1")
//	err = l.Append(ctx, 0, recs) // recs carry versions 1, 2, …
//	for rec, err := range l.Read(ctx, 1) { … }
//
// # Files
//
// A stream ID that is a plain name (1 to 64 bytes of a-z, 0-9, '_' and
// '-', not starting with '-') names its file as is, "user-1.jsonl"; any
// other ID is hashed, "h.<hex SHA-256>.jsonl". Plain names hold no '.', so
// the two never collide, and an ID never reaches the file system in any
// other way: "../..", absolute paths, separators and NUL cannot escape the
// directory, which is opened as an [os.Root]. Beside each stream file are
// "<file>.lock" (the writer lock), "<file>.broken" after a repair, and two
// sidecars: "<file>.idx" (offsets) and "<file>.ids" (event IDs). Files are
// created 0600.
//
// The first line of a file names the format and the stream, and is
// checked on open, so that a file copied over another stream's is refused.
// Then each line is one record, valid JSON that jq reads, with a fixed
// field order:
//
//	{"f":1,"v":1,"more":0,"id":"e1","type":"Moved","time":1767323045000000000,"meta":{"city":"Lyon"},"prev":"","data":"c2VhbGVk","crc":"0f1e2d3c"}
//
// f is the format version, v the record version, more the batch marker,
// time Unix nanoseconds, meta the plaintext metadata, prev and data
// base64, and crc a CRC32C of the bytes before it, seeded with the stream
// ID so that a line spliced in from another stream fails it. [LineCodec]
// encodes and decodes lines; it is hand-written for speed and strictness
// (its doc says why).
//
// The offset sidecar lets Open skip most of the file: one 8-byte offset
// per record (entry v-1: where the line of version v starts) after a
// header naming the format, the stream, the N records covered (ending a
// batch), the end E of line N and a CRC32C of line N, checksummed itself.
// It is derived data, never trusted blindly (see Recovery): losing it
// costs a longer scan, never a record. Under the writer lock, a writer
// writes its entries, fsyncs, then writes the header and fsyncs: after
// the append that leaves Options.IndexEvery records past it and, if the
// lock is free, at Close or Open once IndexEvery/64 are.
//
// # Batches
//
// The records of one Append are one batch, and its marker says how many
// records of the batch follow each line: a batch of three is written with
// markers 2, 1, 0. Only a line with marker 0 completes a batch, so an
// append is all or nothing in the file itself. The checksum covers the
// marker, and a marker that does not count down inside a batch is damage.
//
// # Durability
//
// Append writes a batch with one write and returns only after fsync (and
// an fsync of the directory when the file was created). If the write or
// the fsync fails, the batch is cut off again and the handle is poisoned:
// every later Append fails with [ErrPoisoned] until the log is closed and
// opened again. An fsync is never retried, since after a failed fsync the
// kernel may have dropped the data and a second fsync can lie.
//
// If cutting the failed batch (a truncate) fails too, a batch whose fsync
// failed may still be in the file, whole, and would read as complete. The
// adapter then keeps the writer lock, so that no other process appends
// after that batch, and remembers where the acknowledged batches end: the
// poisoned handle reads no further, and the next Open of the stream on
// the same adapter (or else its Close) cuts everything after that point,
// keeping the bytes in "<file>.broken" and reporting it like a torn tail,
// before it releases the lock. Until that cut succeeds, Open fails and
// other writers wait. If the process dies first, the lock is released
// with the batch still in the file: that double failure is the one case
// where a failed batch can be read back.
//
// # Recovery
//
// Open checks the offset sidecar against the file (its header, and line
// N where entry N-1 says, ending at E, with the header's checksum, of
// version N, ending its batch), then checks every line after E (checksum,
// version and batch marker) and indexes their offsets. Read checks the
// lines before E as it yields them: damage there passes Open and is
// reported by the first Read over it. A sidecar in any doubt (damaged,
// truncated, of another stream, or claiming lines the file lost) is
// ignored: Open checks every line and writes it again. An entry proving
// wrong when Read seeks with it is no damage: Read checks the whole file
// again (reporting damage it finds), rewrites the sidecar and goes on.
//
// A torn tail is what a crash in the middle of an append can leave, and
// the only thing ever cut:
//
//   - an incomplete final line, one without a newline, after the last
//     complete batch; or
//   - an unfinished batch: the good lines of a batch whose markers announce
//     more records than follow, then possibly one incomplete final line,
//     or one complete final line that fails its checksum or decode while
//     the markers still announce records after it.
//
// It is cut, under the writer lock, after its bytes were appended to
// "<file>.broken", and reported to Options.OnRecover and in
// [Adapter.Recovered]. A complete (newline-terminated) line that fails its
// checksum or decode is damage, not a torn write, even as the last line
// of the file: an acknowledged batch is never dropped for a flipped bit.
// That, and any other damage (a bad line followed by anything, a version
// gap or repeat, a marker out of step, a line over the limit, a foreign
// header), is an error matching [sealstream.ErrCorrupt] that names the
// stream, the version and the byte offset, and leaves the file as it is.
// Nothing is ever skipped. Losing whole final batches cannot be seen in
// the file itself: compare with a pinned head for that.
//
// The same rule holds wherever the adapter indexes (Open, a writer or a
// reader catching up); a reader takes a torn tail for a write in progress.
//
// Indexing checks its context before each read of up to 64 KiB and gives
// up with its error, leaving index, file and lock as they were; Read
// checks it at least every 256 records or 1 MiB of lines.
//
// # Several processes
//
// Any number of processes may open a stream. A writer holds an exclusive
// advisory lock (flock on "<file>.lock") for one batch: it waits for the
// lock while another process holds it, for as long as its context lets
// it, then indexes what others appended and checks the expected version
// against that true head. Readers never take the lock: they index
// complete batches only and take a torn tail (see Recovery) for a write
// still in progress.
//
// A reader in another process may index a batch between its write and
// its fsync (or while a failed batch is held, see Durability). If that
// fsync then fails and the batch is cut, the file is shorter than that
// reader's index: its handle reports an error matching
// [sealstream.ErrCorrupt] until it is opened again.
//
// Close waits for an append in flight (one waiting for the lock gives up
// with [sealstream.ErrClosed]): it never leaves a batch half done.
//
// # Watching
//
// Each adapter runs one watcher goroutine, stopped by Close. It closes a
// stream's Changed channels (and FeedChanged's for the feed) when fsnotify
// reports a write to the file or a poll every Options.PollInterval sees
// its size change. Appends through the adapter itself signal at once.
//
// # Change feed
//
// The adapter is an [adapter.Feed]. "changes.feed" holds a line per appended
// batch (its versions, quoted stream ID and a CRC32C; see internal/feedline);
// a change's position is the byte offset just past its line. A writer adds it
// with one O_APPEND write under the stream's writer lock, after the stream
// file's fsync, so the feed never names a batch that is not durable. Changes,
// not appends, fsync the feed, before giving a position past what is durable.
// Each adapter locks a marker in "changes.live", durable before its first
// change, removed at Close after an fsync of the feed. A crash leaves it
// unlocked, and the next adapter to open the directory (or, within a second,
// to read the feed) reconciles in the background: under "changes.feed.lock",
// stream by stream under its writer lock, it adds a change for every range of
// versions the feed lacks (but for streams no append can reach): late, never
// lost. Erase blanks the stream's lines with spaces, keeping positions.
//
// # Listing and erasing
//
// [Adapter.Streams] lists the streams that have a file, in directory
// order: a plain file name is its stream's ID, and a hashed one is mapped
// back through its header line; the listing holds a descriptor for the
// directory while it runs, and one more while it reads a header. Sidecars
// and the feed's files are never listed. [Adapter.Erase] removes a
// stream's file, lock file, ".broken" file and sidecars under the writer
// lock, then fsyncs the directory: irreversible. A writer checks, once it
// holds the lock, that its lock file is still the one in the directory, so
// a handle opened before an Erase, in any process, never appends to the
// removed file: it fails with [sealstream.ErrClosed]; open it again.
//
// # Descriptors
//
// An adapter holds three file descriptors (its directory, the change feed
// and its marker) and, unless Options.DisableNotify is set, its watcher
// holds one fsnotify descriptor (an inotify instance on Linux; on BSD and
// macOS fsnotify's kqueue also opens every file of the directory, so set
// DisableNotify there for large directories). A reconcile holds one per
// dead marker. An open stream holds two: its file and its lock file, shared
// by all its handles, until its last handle is closed (or, after a failed
// append whose batch could not be cut, until that cut, see Durability);
// opening or cutting briefly holds one more at a time. Errors wrap the
// system's: errors.Is(err, syscall.EMFILE) tells that the process ran out
// of descriptors.
//
// # Memory
//
// Read streams lines and never loads a file. An open stream keeps 8 bytes
// per record past its sidecar; Read takes older offsets from the sidecar,
// 4,096 at a time. Logs are [adapter.Finder]s: "<file>.ids" is a hash table
// of event IDs mapped into memory (Linux only), which appends update and
// Find checks against the log. Lines over Options.MaxLineSize are refused
// on write ([sealstream.ErrTooLarge]) and reported on read
// ([sealstream.ErrCorrupt]) without reading past the limit.
package file
