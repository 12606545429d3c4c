// Package idtable is an on-disk hash table from event IDs to record
// versions, kept in a file beside a stream's log and updated with every
// append, so that finding an event by its ID costs neither a scan of the
// log nor memory that grows with it, and never waits for an index to
// catch up with a bulk load.
//
// # Layout
//
// The file is a sequence of open-addressing tables of 8-byte slots, each
// twice the size of the one before: table k holds 32<<k slots and starts
// at byte 256<<k, so that the file is 256<<n bytes with n tables and the
// tables from the fifth on start on a page of their own. The first 256
// bytes are the header: a magic number, a random hash key, a hash of the
// stream ID, the number of tables, the entries of the last one, and two
// marks in one word each (the version the table covers and the one it
// covered when last synced to disk, each with 24 bits of the hash of the
// event ID found there). Words are in the machine's byte order.
//
// A slot holds a version in its low 40 bits and 24 bits of the ID's keyed
// hash (SHA-256 under the file's random key) above them; 0 is empty. New
// entries go to the last table only, by linear probing from the hash; a
// table that reaches three quarters full is followed by a new one twice
// its size. Nothing is ever moved or deleted: an insert writes one slot,
// and a lookup probes each table, newest first.
//
// # Trust
//
// A lookup gives candidate versions; the caller reads each from the log
// and keeps it only if the record there carries the ID. A stale or forged
// slot therefore costs a read, never a wrong answer; a lost slot makes an
// ID look new. The file is mapped into memory (Linux only; elsewhere Open
// gives errors.ErrUnsupported): slots written there are in the page cache
// at once, so a process killed after an insert loses nothing, while a
// machine crash can lose any slot written since the last [Table.Sync]
// (an fsync of the whole file, whoever wrote the slots). The header
// therefore records the boot in which it was written: after a reboot the
// table falls back to its synced mark, and the caller adds the records
// after it again; slots of those records that survived are found, not
// added twice. A file cut short under the mapping, or a header damaged
// after it was opened, turns into an error rather than a crash.
//
// [Table.Add] must be serialized across processes by the caller (the
// stream's writer lock); lookups need no lock.
package idtable
