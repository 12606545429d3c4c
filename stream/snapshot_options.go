package stream

import (
	"encoding/json"
	"fmt"

	"github.com/sealstream/sealstream"
)

// OpenOption configures a stream at [Open]. Its type parameter is the
// stream's state, so an option for another fold does not compile.
type OpenOption[S any] func(*openConfig[S]) error

type openConfig[S any] struct {
	snap *snapshots[S]
}

// SnapshotCodec encodes a fold's state for [Snapshots]. Decode(Encode(s))
// must give a state that folds on exactly like s: a snapshot replaces the
// fold of the events it covers. Name identifies the encoding; it is bound
// into every snapshot, so a snapshot written under another codec is never
// decoded. Names are 1 to 256 bytes of printable UTF-8.
type SnapshotCodec[S any] interface {
	Name() string
	Encode(state S) ([]byte, error)
	Decode(data []byte) (S, error)
}

// JSONCodec returns the default [SnapshotCodec], named "json": it encodes
// the state with encoding/json. It suits states of exported fields, maps
// with string keys, slices and numbers that JSON carries exactly (strings
// must be valid UTF-8); give another codec for anything else.
func JSONCodec[S any]() SnapshotCodec[S] { return jsonCodec[S]{} }

type jsonCodec[S any] struct{}

func (jsonCodec[S]) Name() string { return "json" }

func (jsonCodec[S]) Encode(state S) ([]byte, error) { return json.Marshal(state) }

func (jsonCodec[S]) Decode(data []byte) (S, error) {
	var s S
	err := json.Unmarshal(data, &s)
	return s, err
}

// SnapshotOption configures [Snapshots].
type SnapshotOption[S any] func(*snapshots[S])

// WithCodec makes [Snapshots] encode the state with c instead of
// [JSONCodec].
func WithCodec[S any](c SnapshotCodec[S]) SnapshotOption[S] {
	return func(sn *snapshots[S]) { sn.codec = c }
}

// maxSnapshotName bounds a snapshot or codec name, in bytes.
const maxSnapshotName = 256

// Snapshots makes the stream keep snapshots of its fold's state, sealed
// under the stream's keys, every every events, and start its default reads
// from the newest valid one (see "Snapshots" in the package
// documentation). name identifies the fold and its version: give a fold
// that changed a new name, and it never reads the old fold's snapshots.
// [Open] fails with [sealstream.ErrInvalidArgument] for an empty or
// non-printable name of over 256 bytes, every == 0, a nil codec or a codec
// with such a name, or Snapshots given twice.
func Snapshots[S any](name string, every uint64, opts ...SnapshotOption[S]) OpenOption[S] {
	return func(oc *openConfig[S]) error {
		sn := &snapshots[S]{name: name, every: every, codec: JSONCodec[S]()}
		for _, o := range opts {
			if o != nil {
				o(sn)
			}
		}
		bad := func(what string) error {
			return fmt.Errorf("snapshots: %s: %w", what, sealstream.ErrInvalidArgument)
		}
		switch {
		case oc.snap != nil:
			return bad("given twice")
		case !validName(name):
			return bad(fmt.Sprintf("the name must be 1 to %d bytes of printable UTF-8", maxSnapshotName))
		case every == 0:
			return bad("every must be at least 1")
		case sn.codec == nil:
			return bad("a nil codec")
		case !validName(sn.codec.Name()):
			return bad(fmt.Sprintf("the codec's name must be 1 to %d bytes of printable UTF-8", maxSnapshotName))
		}
		oc.snap = sn
		return nil
	}
}

func validName(s string) bool { return s != "" && len(s) <= maxSnapshotName && printable(s) }
