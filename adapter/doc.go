// Package adapter is the storage seam of sealstream: the small contract an
// adapter implements to keep streams of sealed records.
//
// An [Adapter] opens one [Log] per stream. A Log does five things:
//
//   - Append: atomically adds records at an expected head, or fails with
//     [sealstream.ErrConflict] and adds nothing;
//   - Read: yields the records from a version up to the head;
//   - Head: reports the version, the last record and the storage footprint;
//   - Changed: a signal that fires after the log grows, for watchers;
//   - Close.
//
// An Adapter also lists its streams (Streams) and erases one for good
// (Erase).
//
// Catch-up subscriptions, idempotency and crypto live once, in the stream
// package; adapters only ever see sealed bytes. The in-memory adapter is in
// adapter/mem, the file adapter in adapter/file, and every adapter passes
// the conformance suite in adapter/adaptertest.
package adapter
