// Package idindex is an on-disk index from event IDs to record versions,
// kept in a bbolt file beside a stream's log, so that finding an event by
// its ID costs neither a scan of the log nor memory that grows with it.
//
// The index is derived data. It records how far it covers the log (the
// version and the event ID found there), and every use checks that mark
// against the log before trusting it: an index from another stream, one
// left behind by an erased log, or one that covers records the log no
// longer holds is dropped and built again, a chunk at a time. Each chunk
// is one bbolt transaction, synced, so a crash loses at most the chunk in
// flight and never leaves a mark ahead of the entries.
//
// The file is opened for each use and closed after it, so that processes
// sharing a directory take turns (bbolt locks the file while it is open).
package idindex
