package httpadapter

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"strconv"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
	"github.com/sealstream/sealstream/codec"
)

// maxLine bounds one line of a read answer: a record whose payload is at
// the codec's limit, in base64, with room for its other fields.
const maxLine = codec.MaxFieldSize/3*4 + 4*codec.MaxMetadataLen + 1<<20

// errCut is an answer that ended before its closing line.
var errCut = errors.New("the answer ended before its closing line")

// Read yields the records from version from up to the head, a page
// (PageSize records) per request. A page cut short, a network failure or
// a restarting server is retried from the next version for up to
// RetryFor, so that a watcher rides out a server restart. Records are
// checked against the codec's limits and must come with the versions
// asked for: anything else is [sealstream.ErrCorrupt].
func (l *log) Read(ctx context.Context, from uint64) iter.Seq2[codec.Record, error] {
	return func(yield func(codec.Record, error) bool) {
		if err := l.check(ctx, "read"); err != nil {
			yield(codec.Record{}, err)
			return
		}
		next, more, stopped := max(from, 1), true, false
		for more && !stopped {
			err := l.a.c.retry(ctx, func(ctx context.Context) (bool, error) {
				var err error
				more, stopped, err = l.page(ctx, &next, yield)
				if errors.Is(err, sealstream.ErrCorrupt) || errors.Is(err, sealstream.ErrIntegrity) {
					return false, err
				}
				return transient(err), err
			})
			if err != nil {
				yield(codec.Record{}, fmt.Errorf("httpadapter: read %q from version %d: %w", l.sh.id, next, err))
				return
			}
		}
	}
}

// page reads one page from *next, yielding its records and advancing
// *next past each. It reports whether more pages follow and whether the
// consumer stopped.
func (l *log) page(ctx context.Context, next *uint64, yield func(codec.Record, error) bool) (more, stopped bool, err error) {
	q := l.query(wire.From, strconv.FormatUint(*next, 10), wire.Limit, strconv.Itoa(l.a.c.o.PageSize))
	resp, err := l.a.c.send(ctx, http.MethodGet, wire.PathRecords, q, nil, nil)
	if se, ok := statusOf(err); ok && se.status == http.StatusNotFound {
		return false, false, nil // no records, or out of scope
	}
	if err != nil {
		return false, false, err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	for sc.Scan() {
		var line wire.Line
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			return false, false, fmt.Errorf("the server sent a malformed line: %w", sealstream.ErrCorrupt)
		}
		if line.End {
			if line.Error.Code != "" {
				return false, false, &statusError{status: lineStatus(line.Error.Code), body: line.Error}
			}
			return line.More, false, nil
		}
		recs, err := records([]wire.Record{line.Record}, *next)
		if err != nil {
			return false, false, err
		}
		*next++
		if !yield(recs[0], nil) {
			return false, true, nil
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return false, false, fmt.Errorf("the server sent a line over %d bytes: %w", maxLine, sealstream.ErrCorrupt)
		}
		return false, false, err
	}
	return false, false, errCut
}

// lineStatus is the status that stands for the code of a closing line's
// error: 503 for a log closed under the request, which is retried.
func lineStatus(code string) int {
	if code == wire.CodeUnavailable {
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// drain reads what is left of an answer so that its connection is reused.
func drain(r io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, r, 64<<10)
	_ = r.Close()
}
