package stream

import (
	"slices"

	"github.com/samber/mo"
	"github.com/sealstream/sealstream/keyset"
)

// AppendOption configures one Append.
type AppendOption func(*appendConfig)

type appendConfig struct {
	expect mo.Option[uint64]
	to     mo.Option[[]keyset.Recipient]
}

func appendOptions(opts []AppendOption) appendConfig {
	var cfg appendConfig
	for _, o := range opts {
		o(&cfg)
	}
	return cfg
}

// ExpectVersion makes Append fail with [sealstream.ErrConflict] unless the
// stream is at version v when the events are written; 0 means the stream
// must be empty. Without it, Append writes at whatever the head is.
func ExpectVersion(v uint64) AppendOption {
	return func(c *appendConfig) { c.expect = mo.Some(v) }
}

// To seals the call's events to the given recipients only (one-to-one for
// one recipient, one-to-many for several) instead of with the stream's
// keyset: each event gets a fresh data key, wrapped for every recipient
// with HPKE. Only those recipients can read the events ([As]).
func To(recipients ...keyset.Recipient) AppendOption {
	return func(c *appendConfig) { c.to = mo.Some(recipients) }
}

// ReadOption configures Read, ReadAndWatch and Search.
type ReadOption func(*readConfig)

type readConfig struct {
	from       uint64
	types      []string
	meta       map[string]string
	as         string
	skip       bool
	checkpoint []byte // Extends
	pin        *pin   // the opened checkpoint
}

// From starts reading at version v (1-based); the default is 1.
func From(v uint64) ReadOption {
	return func(c *readConfig) { c.from = max(v, 1) }
}

// Where keeps only events whose type is one of types (any type when types
// is empty) and whose metadata holds every key and value of metadata. The
// filter runs on plaintext fields, before any decryption.
func Where(types []string, metadata map[string]string) ReadOption {
	return func(c *readConfig) { c.types, c.meta = types, metadata }
}

// As reads as the identity with the given ID, loaded from the store's Keys
// (which must implement [IdentityKeys]): events sealed to it open, events
// sealed to other recipients fail with [sealstream.ErrNoAccess]. A
// forgotten identity fails with [sealstream.ErrShredded].
func As(identityID string) ReadOption {
	return func(c *readConfig) { c.as = identityID }
}

// SkipUnreadable skips events sealed to recipients the reader is not among
// (after authenticating them). It is the default, kept for clarity at call
// sites: a stream that holds a few events sealed to others (a note for
// one's doctor) keeps its ordinary folds working for the stream-key holder,
// who sees those events counted in [Metrics]. [RequireAccess] turns it off.
func SkipUnreadable() ReadOption {
	return func(c *readConfig) { c.skip = true }
}

// RequireAccess makes a read fail with [sealstream.ErrNoAccess] at the
// first event sealed to recipients the reader is not among, instead of
// skipping it: for a reader that must see every event.
func RequireAccess() ReadOption {
	return func(c *readConfig) { c.skip = false }
}

// Extends makes [Stream.Verify] also prove that the stream extends
// checkpoint cp, made earlier by [Stream.Checkpoint] (here or on another
// device of the same stream): cp must carry a valid signature under the
// stream's keys or by a trusted writer, and the stream must still hold
// cp's version with cp's hash there. A shorter stream (truncated, rolled
// back) or another record at that version (a fork, a rewrite) is
// [sealstream.ErrIntegrity]. Other reads ignore it.
func Extends(cp []byte) ReadOption {
	return func(c *readConfig) { c.checkpoint = cp }
}

func readOptions(opts []ReadOption) readConfig {
	c := readConfig{from: 1, skip: true}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// match reports whether an event of type typ with metadata meta passes the filter.
func (c *readConfig) match(typ string, meta map[string]string) bool {
	if len(c.types) > 0 && !slices.Contains(c.types, typ) {
		return false
	}
	for k, v := range c.meta {
		if got, ok := meta[k]; !ok || got != v {
			return false
		}
	}
	return true
}
