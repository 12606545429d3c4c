package file

import (
	"bytes"
	"context"
	"os"

	"github.com/sealstream/sealstream/adapter/file/internal/feedline"
)

// scrubFeed blanks out, with spaces, every change of stream id in the
// feed, so that an erased stream's ID and history leave the feed with its
// records, then fsyncs the feed. Erase calls it under the stream's writer
// lock, before it removes the files: no change of the stream can be added
// meanwhile, and a crash in between leaves a stream the reconcile feeds
// again. Positions do not move: a blanked line keeps its length. It also
// blanks damaged lines, which no reader yields but which may be a torn
// change of the stream, and a last line without its newline that is a
// change of the stream: the next write to the feed would complete it. It
// reports whether it changed the feed.
func (a *Adapter) scrubFeed(ctx context.Context, id string) (bool, error) {
	fi, err := a.feed.f.Stat()
	if err != nil {
		return false, closedIf("stat change feed", err)
	}
	type span struct{ off, n int64 }
	var spans []span
	var start int64
	end, err := feedline.Scan(ctx, a.feed.f, 0, fi.Size(), func(e feedline.Entry, k feedline.Kind, next int64) bool {
		if (k == feedline.Change && e.ID == id) || k == feedline.Damaged {
			spans = append(spans, span{start, next - 1 - start})
		}
		start = next
		return true
	})
	if err != nil {
		return false, closedIf("read change feed", err)
	}
	if n := fi.Size() - end; n > 0 && n <= feedline.MaxLine {
		tail := make([]byte, n)
		if _, err := a.feed.f.ReadAt(tail, end); err != nil {
			return false, closedIf("read change feed", err)
		}
		if e, k := feedline.Parse(tail); k == feedline.Change && e.ID == id {
			spans = append(spans, span{end, n})
		}
	}
	if len(spans) == 0 {
		return false, nil
	}
	if err := a.markerDurable(); err != nil {
		return false, closedIf("make the adapter's marker durable", err)
	}
	w, err := a.fs.root.OpenFile(feedName, os.O_WRONLY, 0) // not O_APPEND: that would ignore offsets
	if err != nil {
		return false, closedIf("open change feed", err)
	}
	defer w.Close()
	for _, sp := range spans {
		if err := a.fs.writeAt(w, feedName, bytes.Repeat([]byte{' '}, int(sp.n)), sp.off); err != nil {
			return true, closedIf("blank an erased stream's changes", err)
		}
	}
	if err := a.syncFeed(w); err != nil {
		return true, closedIf("fsync change feed", err)
	}
	return true, nil
}
