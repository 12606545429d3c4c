// Package httpadapter syncs sealstream streams through a server that
// stores only sealed records and sealed keysets: the client adapter for
// http:// and https:// URLs, and a keyring's blob store on that server.
// The server is in the subpackage server and the command
// cmd/sealstream-serve.
//
// # Quick start
//
// One person's phone, laptop and home server share one encrypted stream.
// Each device opens a store on the server's URL with a token; keysets live
// on the server too, sealed under the person's passphrase, which the
// server never sees:
//
//	o := httpadapter.Options{Token: token}
//	blobs, err := httpadapter.NewBlobStore("https://sync.example.org", o)
//	ring := keyset.New(blobs, keyset.Passphrase(pass, keyset.DefaultArgon2))
//	store, err := stream.NewStore(ctx, stream.Config{
//		URL: "https://sync.example.org", Keys: ring, Opener: o.Open,
//	})
//
// [Opener] is the same opener from a token and an *http.Client.
//
// # API
//
// Version 1, under /v1/. Every request but the health check carries
// "Authorization: Bearer <token>". Stream IDs and blob names travel in the
// query (stream=, name=), never in the path, so that IDs such as ".." or
// "a/b" need no escaping rules of their own. Records are JSON objects, one
// per line in reads:
//
//	{"v":1,"id":"e1","type":"Moved","time":"1767323045000000000","meta":{"city":"Lyon"},"prev":"<base64>","data":"<base64>"}
//
// v is the version, time Unix nanoseconds as a decimal string, prev the
// previous record's hash and data the sealed payload, both base64.
//
//	method  path              query                    answer
//	GET     /v1/health                                 200 {"ok":true}, no token needed
//	GET     /v1/streams       prefix                   one {"stream":id} line per stream in scope, then {"end":true}
//	GET     /v1/head          stream                   {"head":v,"last":record,"bytes":n}; 404 when empty
//	GET     /v1/records       stream, from, limit      record lines, then {"end":true,"more":bool}; 404 when empty
//	POST    /v1/records       stream, expect           body {"records":[…]}: 200 {"head":v}; 409 {"head":true head}
//	POST    /v1/find          stream                   body {"ids":[…]}: {"versions":[…]}, 0 where none; 501 without an index
//	GET     /v1/watch         stream, from, mode       Server-Sent Events (below)
//	GET     /v1/changes       since, limit             one change line per batch in scope, then {"end":true,"more":bool,"last":"P"}; 501 without a feed
//	GET     /v1/changes/watch since                    Server-Sent Events "change", history then live (below)
//	DELETE  /v1/stream        stream                   204: the stream erased for good
//	GET     /v1/blobs         name                     the blob, with an ETag (its SHA-256); 304 for If-None-Match; 404
//	HEAD    /v1/blobs         name                     200 or 404
//	PUT     /v1/blobs         name                     body: the blob (≤ 1 MiB): 204; with If-None-Match: * 201, or 412 if taken
//	DELETE  /v1/blobs         name                     204, also when missing
//	POST    /v1/blobs/sweep   name                     204: leftover copies of the blob removed
//
// Errors are {"error":message,"code":code}, with these codes: 400 invalid or invalid_stream, 401 unauthorized, 403
// forbidden, 404 not_found, 409 conflict, 412 exists, 413 too_large, 429
// too_many (with Retry-After), 503 unavailable (shutting down, or the
// stream being erased: retry), 500 corrupt, integrity or internal, 501
// unsupported (the server's storage keeps no change feed).
//
// A watch in records mode (the default) sends each record from version
// from (default 1) as an event "record" whose id is its version, history
// then live; a client that reconnects with Last-Event-ID: v resumes at
// v+1, as a browser's EventSource does by itself. In heads mode
// (mode=heads) it sends an event "head" on each change of the head, the
// first at once; the client adapter watches that way and reads the
// records itself. Comment lines every 15 s keep idle connections open.
// The adapter opens one watch per stream it watches (shared by that
// stream's handles and watchers): a device that watches more streams
// than server.Options.MaxWatches (default 64) gets 429 for the rest, and
// retries.
//
// # Change feed
//
// The change feed is the backend's [adapter.Feed], cut to the token's
// scope (reading it needs the right to read); "$snapshot/…" streams are
// ordinary streams to it. A change line is
// {"pos":"P","stream":id,"from":v,"to":v}: the batch of versions from to
// to, at store-wide position P (a uint64, hence a decimal string). A page
// holds the changes after since (default 0) to streams in scope, at most
// limit (and server.Options.PageRecords), and looks at 16 times
// PageRecords changes at most; its closing line's last is the position of
// the last change it looked at, in scope or not, which the next page asks
// after: a token that reaches few streams of a busy store pages on past
// the others' changes, of which it learns nothing but positions. A since
// the feed never gave is 400 invalid. /v1/changes/watch sends each change
// in scope after since as an event "change" whose id is its position,
// history then live, resumed after Last-Event-ID; it counts as a watch. The
// adapter is an [adapter.Feed]: Changes pages through /v1/changes
// (errors.ErrUnsupported on 501), and FeedChanged keeps one subscription
// to /v1/changes/watch per adapter, firing on each change and on each
// (re)connection.
//
// # Tokens and scope
//
// The server keeps each token's SHA-256, never the token, and compares
// digests in constant time. A token reaches the streams whose IDs start
// with its prefix and the blobs of its namespace (its blob names are
// stored as "<namespace>/<name>"), with the right to read and/or write,
// until it expires. A stream out of scope gets the answer of a missing
// one, 404 with the same body whether it exists or not, and is never
// listed; a stream in scope without records is 404 on head and read too,
// and the adapter takes 404 for an empty stream. Snapshot logs
// ("$snapshot/…") are reached only by a token with an empty prefix.
//
// # Appends whose answer is lost
//
// An append whose answer never came (the connection dropped, the server
// was killed, a gateway timed out) may have landed. The adapter reads the
// log back: the records after the expected head are its own (IDs, prev
// hashes and payloads compared), another writer's, or none, in which case
// it sends the append again. It keeps at it for Options.RetryFor, so
// appends and watches ride out a server restart; reads resume from the
// next version after a cut answer.
//
// # Threat model
//
// The server can: see stream IDs, event IDs, types, times, metadata, sizes
// and who appends when (metadata is plaintext by design, see SECURITY.md:
// never put secrets there); refuse service; drop, truncate or roll back a
// stream, or show different histories to different devices; keep copies
// of sealed keysets and erased records.
//
// The server cannot: read a payload or a key (clients seal before they
// send, keysets arrive sealed under the passphrase or master key); forge,
// edit, reorder or splice a record (every payload is authenticated under
// the stream keys, bound to its stream, version, ID, type, time, metadata
// and the previous record's hash); hide a record in the middle of a
// stream (the chain breaks); truncate or fork a stream without detection
// by a device that kept a checkpoint (Stream.Checkpoint, then Verify
// with stream.Extends fails with ErrIntegrity); serve an older
// keyset as current (keyset epochs are authenticated). Its logs carry no
// query, token or body.
//
// # Running the server
//
// sealstream-serve -dir DIR -tokens FILE [-addr host:port] [-tls-cert F
// -tls-key F], or "sealstream serve --tokens FILE" on the store that the
// sealstream command names (cmd/sealstream: --url, a directory by
// default), whose clients are that command too, with --url http(s)://…
// and the token in $SEALSTREAM_TOKEN. Behind a reverse proxy (TLS
// there), let the proxy pass Authorization and Last-Event-ID, not buffer
// answers (nginx: proxy_buffering off; the server also sends
// X-Accel-Buffering: no), and allow long reads on /v1/watch (nginx:
// proxy_read_timeout above the 15 s heartbeat). The server's own
// timeouts (header, body, write, idle, shutdown) are in server.Options;
// watches extend their write deadline per event.
package httpadapter
