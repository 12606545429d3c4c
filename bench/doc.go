// Command bench sets sealstream beside the physical limits of the machine
// and beside a peer, hallgren/eventsourcing, for 200-byte events, and prints
// everything in one table with the ratios between them.
//
// Run it from this directory:
//
//	go run .               # N = 1,000,000 events per replay, 2 s per timed loop
//	go run . -quick        # N = 50,000, 300 ms per loop: about a minute at most
//	go run . -only mem,hallgren -n 200000
//	go run . -dir /mnt/disk  # measure fsync on another disk
//
// # Sections
//
// -only takes a comma list of these; all run by default, in this order.
//
//   - limits: write+fsync of one 200-byte line in a loop on a file; 100
//     buffered lines and one fsync; AES-256-GCM open of a 200-byte payload
//     with reused buffers; appending a 200-byte struct to a slice.
//   - mem and file: sealstream on "mem://" and on "file://dir", each with an
//     in-memory keyring. Appends of 1 and of 100 events per call and 16
//     goroutines appending 1 event each to one stream; watch latency, from
//     the start of an Append to the yield of its event in a ReadAndWatch
//     loop of another goroutine (one event in flight at a time); replay of
//     N events with State (read, verify, decrypt, fold with a count) and the
//     peak heap growth meanwhile; for files, the time a new store takes to
//     open the N-event stream and append one event.
//   - hallgren: hallgren's in-memory event store with core events (payload
//     bytes handed over as they are): Save of 1 and of 100 events per call,
//     Get and iterate N events.
//   - aggregate: hallgren's aggregate API on the same store, events
//     serialized as JSON: saving an aggregate with 1 and with 100 new
//     events, loading an aggregate of N events.
//   - sqlite: hallgren's SQL event store on SQLite (mattn/go-sqlite3, WAL,
//     synchronous=FULL, checked after opening): Save of 1 and of 100 events
//     per call, Get and iterate N events, and reopening the database to
//     save one more.
//
// # Reading the table
//
// Rates are events per second, with the mean time per call beside them.
// Every timed loop stops after -dur or after a fixed number of events,
// whichever comes first, so a run takes about the same time on a slow disk
// as on a fast one. Heap growth is the peak, sampled every millisecond, of
// the heap above its size right after a GC; it includes garbage not yet
// collected, so it moves with GOGC.
//
// The ratios divide a sealstream figure by a limit (the share of the limit
// reached) or by the peer's figure for the same work (above 1 for rates,
// below 1 for times and memory, means sealstream is ahead). The in-memory
// store is set beside hallgren's memory store, the file store beside its
// SQLite store: both make every acknowledged write durable with fsync.
//
// Figures from a shared or virtual machine move from run to run; compare
// rows of one run rather than runs.
package main
