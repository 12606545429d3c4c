package s3

import (
	"context"
	"fmt"
	"iter"
	"strings"

	"github.com/sealstream/sealstream"
)

// Streams yields the IDs starting with prefix of the streams in the
// bucket under the adapter's prefix, each once, as of the listing: one
// LIST request per 1,000 streams, never a read of their commits. A stream
// counts from its first append, which writes its index object before its
// first commit, so a stream whose first append failed may be listed,
// empty. IDs come in the order of their encoded keys (see the package
// doc), which is not their byte order. A canceled ctx yields ctx's error;
// after Close, an error matching [sealstream.ErrClosed].
func (a *Adapter) Streams(ctx context.Context, prefix string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		if err := ctx.Err(); err != nil {
			yield("", err)
			return
		}
		if a.isClosed() {
			yield("", fmt.Errorf("s3: list streams of %s: %w", a.loc, sealstream.ErrClosed))
			return
		}
		if len(prefix) > MaxStreamIDLen {
			return // no ID is that long
		}
		root := a.loc.prefix + indexDir
		for key, err := range a.b.list(ctx, root+encodeName(prefix)) {
			if err != nil {
				yield("", fmt.Errorf("s3: list streams of %s: %w", a.loc, err))
				return
			}
			enc, ok := strings.CutSuffix(key[len(root):], streamMark)
			if !ok {
				continue // a directory marker, or a foreign object
			}
			id, ok := decodeName(enc)
			if !ok || !strings.HasPrefix(id, prefix) || checkStreamID(id) != nil {
				continue
			}
			if !yield(id, nil) {
				return
			}
		}
	}
}
