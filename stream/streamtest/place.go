package streamtest

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// Place is one storage location that several stores (as several processes
// would) and several keyrings open at once. Every field but BeforeAppend
// is required.
type Place struct {
	// Store opens another store on the place, closed at the end of the
	// test. It sets what locates the place (URL, Keys or Key, and Opener
	// unless cfg sets one) and keeps every other field of cfg.
	Store func(t *testing.T, cfg stream.Config) *stream.Store
	// Ring opens another keyring on the place's key storage.
	Ring func(t *testing.T) *keyset.Keyring
	// KeyStore returns the place's key storage, seen from outside every
	// keyring: the suite deletes a stream's keyset from it.
	KeyStore func(t *testing.T) keyset.BlobStore
	// Records reads what the place stores for a stream, through an adapter
	// of its own.
	Records func(t *testing.T, id string) []codec.Record
	// FailingOpener returns an opener of the place's adapters whose next
	// log append fails once fail is set, as a full disk or a dropped
	// connection would; the suite gives it to Store as Config.Opener.
	// [FailNextAppend] makes one of the place's opener.
	FailingOpener func(t *testing.T, fail *atomic.Bool) stream.Opener
	// BeforeAppend, when set, makes every store of the place run f before
	// each log append (nil f: nothing). Without it the suite does not run
	// ForgetDuringAppend.
	BeforeAppend func(f func())
}

// check fails t when a required field of p is missing.
func (p Place) check(t *testing.T) {
	t.Helper()
	for name, missing := range map[string]bool{
		"Store":         p.Store == nil,
		"Ring":          p.Ring == nil,
		"KeyStore":      p.KeyStore == nil,
		"Records":       p.Records == nil,
		"FailingOpener": p.FailingOpener == nil,
	} {
		if missing {
			t.Fatalf("streamtest: Place.%s is nil", name)
		}
	}
}

// dropKeyset deletes id's keyset from the place's key storage behind the
// keyrings' backs, as one who can write the key storage would.
func (p Place) dropKeyset(t *testing.T, id string) {
	t.Helper()
	name, err := p.Ring(t).BlobName(context.Background(), id)
	if err != nil {
		t.Fatalf("BlobName(%q): %v", id, err)
	}
	if err := p.KeyStore(t).Delete(context.Background(), name); err != nil {
		t.Fatalf("deleting the keyset of %q: %v", id, err)
	}
}

// hasKeyset reports whether a keyset (or a tombstone) is stored for id.
func (p Place) hasKeyset(t *testing.T, id string) bool {
	t.Helper()
	_, err := p.Ring(t).BlobName(context.Background(), id)
	if err != nil && !errors.Is(err, sealstream.ErrNoKey) {
		t.Fatalf("BlobName(%q): %v", id, err)
	}
	return err == nil
}
