package file

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/sealstream/sealstream"
)

// feedStreams lists the IDs of the streams in the directory for a
// reconcile. Unlike Streams, it goes past a file it cannot map to a
// stream (not a regular file, a damaged or foreign header, one it cannot
// read): no append to such a file can succeed, so it has no change for
// the feed, and stopping at it would fail every reconcile, for good.
func (a *Adapter) feedStreams(ctx context.Context) ([]string, error) {
	if a.closed.Load() {
		return nil, fmt.Errorf("list streams: %w", sealstream.ErrClosed)
	}
	d, err := a.fs.root.Open(".")
	if err != nil {
		return nil, listErr("open directory", err)
	}
	defer d.Close()
	var ids []string
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		entries, err := d.ReadDir(256)
		for _, e := range entries {
			id, ok, err := a.streamOf(e, "")
			if errors.Is(err, sealstream.ErrClosed) {
				return nil, err
			}
			if ok && err == nil {
				ids = append(ids, id)
			}
		}
		if errors.Is(err, io.EOF) {
			return ids, nil
		}
		if err != nil {
			return nil, listErr("read directory", err)
		}
	}
}
