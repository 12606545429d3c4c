package nats

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/sealstream/sealstream"
)

// pageOverlap is how far back in the server's sorted subject list each
// page after the first starts, so that subjects removed meanwhile (which
// shift the list) make none be skipped; subjects seen already are dropped.
const pageOverlap = 1024

// subjectsPage is the part of a stream info answer that lists subjects.
type subjectsPage struct {
	Error *jetstream.APIError `json:"error,omitempty"`
	Total int                 `json:"total"`
	State struct {
		Subjects map[string]uint64 `json:"subjects"`
	} `json:"state"`
}

// Streams yields the IDs starting with prefix of the streams that hold at
// least one record: the subjects with messages under the subject prefix,
// asked of the stream leader (stream info with a subject filter), each
// token decoded back to its ID. Subjects that are not the encoding of an
// ID (published there by something else) are ignored. IDs come in byte
// order, which the encoding keeps. The server answers with up to 100,000
// subjects per request; a listing of more takes several, and a stream
// appended or erased meanwhile may or may not be listed. A stream opened
// but never appended to is not listed. A canceled ctx yields ctx's error;
// after Close, an error matching [sealstream.ErrClosed].
func (a *Adapter) Streams(ctx context.Context, prefix string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		fetch := func(offset int) ([]string, int, error) { return a.subjectsPage(ctx, offset) }
		for s, err := range subjects(fetch) {
			if err != nil {
				yield("", err)
				return
			}
			if id, ok := a.streamOf(s); ok && strings.HasPrefix(id, prefix) && !yield(id, nil) {
				return
			}
		}
	}
}

// subjects yields, each once and in order, the subjects of the sorted
// list that fetch returns a page of from an offset on, with the list's
// length. Each page after the first starts pageOverlap subjects early.
func subjects(fetch func(offset int) ([]string, int, error)) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		last, offset := "", 0
		for {
			page, total, err := fetch(offset)
			if err != nil {
				yield("", err)
				return
			}
			for _, s := range page {
				if s <= last {
					continue
				}
				last = s
				if !yield(s, nil) {
					return
				}
			}
			if offset+len(page) >= total {
				return
			}
			offset = max(offset+len(page)-pageOverlap, offset+1)
		}
	}
}

// subjectsPage returns the sorted subjects with messages under the prefix
// from offset on, one page of the server's, and how many there are.
func (a *Adapter) subjectsPage(ctx context.Context, offset int) ([]string, int, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	if a.isClosed() {
		return nil, 0, fmt.Errorf("nats: list streams: %w", sealstream.ErrClosed)
	}
	body, err := json.Marshal(struct {
		Filter string `json:"subjects_filter"`
		Offset int    `json:"offset,omitempty"`
	}{a.o.SubjectPrefix + ".*", offset})
	if err != nil {
		return nil, 0, err
	}
	var page subjectsPage
	err = a.retry(ctx, func(ctx context.Context) error {
		resp, err := a.nc.RequestWithContext(ctx, "$JS.API.STREAM.INFO."+a.o.Stream, body)
		if err != nil {
			return err
		}
		page = subjectsPage{}
		if err := json.Unmarshal(resp.Data, &page); err != nil {
			return fmt.Errorf("stream info: %w", err)
		}
		if page.Error != nil {
			return page.Error
		}
		return nil
	})
	if err != nil {
		if classify(err) == closed || a.isClosed() {
			return nil, 0, fmt.Errorf("nats: list streams: %w: %w", sealstream.ErrClosed, err)
		}
		return nil, 0, fmt.Errorf("nats: list streams: %w", err)
	}
	subjects := make([]string, 0, len(page.State.Subjects))
	for s, n := range page.State.Subjects {
		if n > 0 {
			subjects = append(subjects, s)
		}
	}
	slices.SortFunc(subjects, cmp.Compare)
	return subjects, page.Total, nil
}

// streamOf maps a subject back to its stream ID, if it is the subject of
// one: the prefix, then one token that is the canonical encoding of an ID
// the adapter accepts.
func (a *Adapter) streamOf(subject string) (string, bool) {
	tok, ok := strings.CutPrefix(subject, a.o.SubjectPrefix+".")
	if !ok {
		return "", false
	}
	id, err := token.DecodeString(tok)
	if err != nil || len(id) == 0 || len(id) > MaxStreamIDBytes || token.EncodeToString(id) != tok {
		return "", false
	}
	return string(id), true
}
