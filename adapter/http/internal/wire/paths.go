package wire

// Paths of the API, version 1. A stream ID or a blob name travels in the
// query (Stream, Name), never in the path: IDs such as ".." or "a/b" then
// need no escaping rules of their own and no path cleaning can move them.
const (
	PathHealth  = "/v1/health"      // GET: 200 when serving; no token needed
	PathStreams = "/v1/streams"     // GET ?prefix=: listing, one line per stream
	PathStream  = "/v1/stream"      // DELETE ?stream=: erase
	PathHead    = "/v1/head"        // GET ?stream=: the head
	PathRecords = "/v1/records"     // GET ?stream=&from=&limit=: read; POST ?stream=&expect=: append
	PathFind    = "/v1/find"        // POST ?stream=: versions of event IDs
	PathWatch   = "/v1/watch"       // GET ?stream=&from=&mode=: Server-Sent Events
	PathBlobs   = "/v1/blobs"       // GET, HEAD, PUT, DELETE ?name=: keyset blobs
	PathSweep   = "/v1/blobs/sweep" // POST ?name=: remove leftover copies of a blob
)

// Query parameters and headers.
const (
	Stream = "stream"
	Name   = "name"
	Prefix = "prefix"
	From   = "from"
	Limit  = "limit"
	Expect = "expect"
	Mode   = "mode"

	ModeRecords = "records" // watch: one event per record (the default)
	ModeHeads   = "heads"   // watch: one event per change of the head

	LastEventID = "Last-Event-ID"
	NDJSON      = "application/x-ndjson"
	EventStream = "text/event-stream"
)

// Events of a watch. Each has the version it brings the watcher to as its
// id, so a reconnecting client resumes with Last-Event-ID.
const (
	EventRecord = "record" // data: a Record
	EventHead   = "head"   // data: a HeadBody without Last
	EventError  = "error"  // data: an Error; the stream ends
)
