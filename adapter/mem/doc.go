// Package mem is the in-memory adapter, the embedded default of sealstream
// (URL "" or "mem://"). Nothing persists: the logs live as long as the
// adapter. Logs opened twice for one stream ID share their records.
// [Adapter.Streams] lists the streams holding records, in ID order;
// [Adapter.Erase] drops a stream's records and closes its handles.
//
// The adapter is an [adapter.Feed]: [Adapter.Changes] gives every batch
// appended through it at a position counted from 1 (erased streams' batches
// are dropped, their positions not reused), and [Adapter.FeedChanged]
// signals each new one. Its memory is one entry of 32 bytes per batch,
// which the garbage collector need not scan.
package mem
