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
// "<file>.lock" (the writer lock) and, after a repair, "<file>.broken".
// Files are created 0600.
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
// # Batches
//
// The records of one Append are one batch, and its marker says how many
// records of the batch follow each line: a batch of three is written with
// markers 2, 1, 0. Only a line with marker 0 completes a batch, so an
// append is all or nothing in the file itself: the lines of a batch whose
// last line is missing or damaged are never read, however many of them
// are whole. The checksum covers the marker, and a marker that does not
// count down by one inside a batch is damage.
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
// Opening a stream checks every line (checksum, version and batch marker)
// and builds an index of line offsets. A torn tail is what a crash in the
// middle of an append leaves: everything after the last complete batch,
// that is the good lines of an unfinished batch, then at most one line's
// worth of bytes holding no good line (a final line without newline, or
// failing its checksum). It is cut, under the writer lock, after its bytes
// were appended to "<file>.broken", and reported to Options.OnRecover and
// in [Adapter.Recovered]. Any other damage (a bad line followed by a good
// one, even inside the last batch, a version gap or repeat, a marker out
// of step, a line over the limit, a foreign header) is an error matching
// [sealstream.ErrCorrupt] that names the stream, version and byte offset.
// Nothing is ever skipped. Losing whole final batches cannot be seen in
// the file itself: compare with a pinned head for that.
//
// # Several processes
//
// Any number of processes may open a stream. A writer holds an exclusive
// advisory lock (flock on "<file>.lock") for one batch: it waits for the
// lock while another process holds it, for as long as its context lets
// it, then indexes what others appended and checks the expected version
// against that true head. Readers never take the lock: they index
// complete batches only and take an unfinished batch or a damaged tail for
// a write still in progress.
//
// A reader in another process may index a batch between its write and
// its fsync (or while a failed batch is held, see Durability). If that
// fsync then fails and the batch is cut, the file is shorter than that
// reader's index: its handle reports an error matching
// [sealstream.ErrCorrupt] until it is opened again.
//
// Close waits for an append in flight on the stream (one waiting for the
// lock gives up with [sealstream.ErrClosed]) before it closes the files,
// so a batch is never left half done by Close.
//
// # Watching
//
// Each adapter runs one watcher goroutine, stopped by Close. It closes a
// stream's Changed channels when fsnotify reports a write to the file and,
// as a fallback, when a poll every Options.PollInterval sees the file size
// change. Appends through the adapter itself signal at once, and closing a
// log or the adapter closes them too.
//
// # Memory
//
// Read streams lines from their indexed offsets and never loads a file: an
// open stream costs 8 bytes of index per record. A line longer than
// Options.MaxLineSize is refused on write ([sealstream.ErrTooLarge]) and
// reported on read ([sealstream.ErrCorrupt]) without reading more of it
// than the limit. A torn tail, however long its unfinished batch, is
// copied to "<file>.broken" 64 KiB at a time.
package file
