package stream

import (
	"slices"

	"github.com/samber/mo"
)

// AppendOption configures one Append.
type AppendOption func(*appendConfig)

type appendConfig struct {
	expect mo.Option[uint64]
}

// ExpectVersion makes Append fail with [sealstream.ErrConflict] unless the
// stream is at version v when the events are written; 0 means the stream
// must be empty. Without it, Append writes at whatever the head is.
func ExpectVersion(v uint64) AppendOption {
	return func(c *appendConfig) { c.expect = mo.Some(v) }
}

// ReadOption configures Read, ReadAndWatch and Search.
type ReadOption func(*readConfig)

type readConfig struct {
	from  uint64
	types []string
	meta  map[string]string
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

func readOptions(opts []ReadOption) readConfig {
	c := readConfig{from: 1}
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
