// Package sealstream holds the shared vocabulary of sealstream: the [Event]
// type and the sentinel errors every package returns.
//
// sealstream is a library for personal encrypted event streams: one
// append-only, versioned log per user, the single source of truth for that
// user's life events. Payloads are sealed with keys the user controls
// (Tink AES-256-GCM keysets by default); metadata stays plaintext but
// authenticated, so it can be filtered without keys. State is never stored:
// it is a pure fold over the log.
//
// The packages:
//
//   - [github.com/sealstream/sealstream/stream]: Store, Open, Append,
//     ReadAndWatch, Read, State, Search, Metrics, Close.
//   - [github.com/sealstream/sealstream/fold]: pure reducers and their combinators.
//   - [github.com/sealstream/sealstream/keyset]: keyrings and the payload envelope.
//   - [github.com/sealstream/sealstream/codec]: the record stored by adapters and its canonical bytes.
//   - [github.com/sealstream/sealstream/adapter]: the storage contract, with the
//     in-memory adapter in adapter/mem and the conformance suite in adapter/adaptertest.
//   - [github.com/sealstream/sealstream/iter]: helpers over iter.Seq and iter.Seq2.
//
// # Errors
//
// Every error is matched with [errors.Is] against the sentinels declared in
// this package; the other packages return them wrapped with the stream ID and
// version. No error ever carries a payload, a key or a raw record.
package sealstream
