package sealstream

import "errors"

// Errors of Append.
var (
	// ErrConflict is returned when an append's expected version does not
	// match the stream's head (an optimistic-concurrency conflict).
	ErrConflict = errors.New("sealstream: version conflict")
	// ErrIDConflict is returned when an event ID is already stored with
	// other content, when a call mixes stored and new events, or when a
	// batch repeats an ID. It also matches ErrConflict.
	ErrIDConflict = idConflict{}
	// ErrInvalidEvent is returned for an event without a type, with a type
	// or metadata past their limits, or with an invalid ID.
	ErrInvalidEvent = errors.New("sealstream: invalid event")
	// ErrTooLarge is returned when an event's data is over the store's limit.
	ErrTooLarge = errors.New("sealstream: event too large")
)

// Errors of opening and lifecycle.
var (
	// ErrClosed is returned when a stream, a store or an adapter is used after Close.
	ErrClosed = errors.New("sealstream: closed")
	// ErrInvalidStreamID is returned for a stream ID that is empty, too long
	// or holds control characters.
	ErrInvalidStreamID = errors.New("sealstream: invalid stream ID")
	// ErrUnsupportedURL is returned when a store URL names a scheme no opener serves.
	ErrUnsupportedURL = errors.New("sealstream: unsupported URL")
	// ErrLocked is returned when another process holds a stream's write lock.
	ErrLocked = errors.New("sealstream: locked by another writer")
	// ErrInUse is returned when an operation needs a stream that is open,
	// such as Store.Erase of a stream open in the same store.
	ErrInUse = errors.New("sealstream: stream in use")
	// ErrInvalidArgument is returned for a nil store or fold, or a
	// configuration value out of range (a negative size).
	ErrInvalidArgument = errors.New("sealstream: invalid argument")
)

// Errors of keys and crypto.
var (
	// ErrNoKey is returned when a key is missing: a store without keys
	// (plaintext not asked for), a stream holding events whose keyset is
	// gone, an unknown identity.
	ErrNoKey = errors.New("sealstream: no key")
	// ErrDecrypt is returned when a payload fails authentication: a wrong
	// key, or a record that was edited, moved or spliced.
	ErrDecrypt = errors.New("sealstream: decryption failed")
	// ErrNoAccess is returned when the reader is not a recipient of an event.
	ErrNoAccess = errors.New("sealstream: not a recipient")
	// ErrShredded is returned when the keys that sealed an event were destroyed.
	ErrShredded = errors.New("sealstream: keys shredded")
	// ErrWrongKey is returned when a keyset cannot be opened with the given
	// passphrase or master key.
	ErrWrongKey = errors.New("sealstream: wrong key or passphrase")
)

// Errors of storage and integrity.
var (
	// ErrIntegrity is returned when versions are not contiguous or the hash
	// chain between records is broken.
	ErrIntegrity = errors.New("sealstream: integrity check failed")
	// ErrCorrupt is returned when stored bytes cannot be decoded; the error
	// names the stream, version and byte offset.
	ErrCorrupt = errors.New("sealstream: corrupt record")
	// ErrFormat is returned for data written in a format this version no
	// longer reads (an older envelope, keyset container or recipient
	// export): it is never misread. See the migration notes in SECURITY.md.
	ErrFormat = errors.New("sealstream: unsupported format version")
)

type idConflict struct{}

func (idConflict) Error() string { return "sealstream: event ID conflict" }

// Is makes ErrIDConflict match ErrConflict too.
func (idConflict) Is(target error) bool { return target == ErrConflict }
