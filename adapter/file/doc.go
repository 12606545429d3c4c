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
//	{"f":1,"v":1,"id":"e1","type":"Moved","time":1767323045000000000,"meta":{"city":"Lyon"},"prev":"","data":"c2VhbGVk","crc":"0f1e2d3c"}
//
// f is the format version, v the record version, time Unix nanoseconds,
// meta the plaintext metadata, prev and data base64, and crc a CRC32C of
// the bytes before it, seeded with the stream ID so that a line spliced in
// from another stream fails it. [LineCodec] encodes and decodes lines; it
// is hand-written for speed and strictness (its doc says why).
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
// # Recovery
//
// Opening a stream checks every line (checksum and version) and builds an
// index of line offsets. A torn tail, that is bytes after the last good
// line holding no good line and no longer than one line can be (a final
// line without newline, or failing its checksum), is what a crash in the
// middle of a write leaves: it is cut, under the writer lock, after its
// bytes were appended to "<file>.broken", and reported to
// Options.OnRecover and in [Adapter.Recovered]. Any other damage (a bad
// line followed by a good one, a version gap or repeat, a line over the
// limit, a foreign header) is an error matching [sealstream.ErrCorrupt]
// that names the stream, version and byte offset. Nothing is ever
// skipped. Losing whole final lines cannot be seen in the file itself:
// compare with a pinned head for that.
//
// # Several processes
//
// Any number of processes may open a stream. A writer holds an exclusive
// advisory lock (flock on "<file>.lock") for one batch: it waits for the
// lock while another process holds it, for as long as its context lets
// it, then indexes what others appended and checks the expected version
// against that true head. Readers never take the lock: they index
// complete, valid lines only and take an incomplete or damaged tail for a
// write still in progress. A reader in another process can see a batch
// between its write and its fsync; if that fsync fails, the batch is cut.
//
// # Watching
//
// Each adapter runs one watcher goroutine, stopped by Close. It closes a
// stream's Changed channels when fsnotify reports a write to the file and,
// as a fallback, when a poll every Options.PollInterval sees the file size
// change. Appends through the adapter itself signal at once.
//
// # Memory
//
// Read streams lines from their indexed offsets and never loads a file: an
// open stream costs 8 bytes of index per record. A line longer than
// Options.MaxLineSize is refused on write ([sealstream.ErrTooLarge]) and
// reported on read ([sealstream.ErrCorrupt]) without reading more of it
// than the limit.
package file
