package httpadapter_test

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
	"github.com/sealstream/sealstream/adapter/http/server"
)

// fault is what a faulty front does to the next appends.
type fault int

const (
	loseAnswer  fault = iota // the append lands, its answer is lost
	loseRequest              // the append never reaches the server
	badGateway               // a gateway answers 502 without forwarding
)

// faulty forwards to h, applying f to the first n appends.
func faulty(h http.Handler, f fault, n int32) (http.Handler, *atomic.Int32) {
	var left atomic.Int32
	left.Store(n)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != wire.PathRecords || left.Add(-1) < 0 {
			h.ServeHTTP(w, r)
			return
		}
		switch f {
		case loseAnswer:
			h.ServeHTTP(httptest.NewRecorder(), r)
			panic(http.ErrAbortHandler) // the connection is cut, no answer
		case loseRequest:
			panic(http.ErrAbortHandler)
		case badGateway:
			w.WriteHeader(http.StatusBadGateway)
		}
	}), &left
}

// TestLostAnswer cuts the connection of appends after they landed, before
// they reached the server, or answers them 502 from a gateway: each
// append succeeds, and its records are stored exactly once.
func TestLostAnswer(t *testing.T) {
	for name, f := range map[string]fault{"answer lost": loseAnswer, "request lost": loseRequest, "bad gateway": badGateway} {
		t.Run(name, func(t *testing.T) {
			ts := startServer(t, nil)
			h, left := faulty(ts.Server, f, 2)
			l := adaptertest.OpenLog(t, openURL(t, front(t, h), ts.token("all")), "s")
			recs := adaptertest.Records("s", 0, 3, nil)
			for i, batch := range [][]int{{0, 2}, {2, 3}} {
				if err := l.Append(t.Context(), uint64(batch[0]), recs[batch[0]:batch[1]]); err != nil {
					t.Fatalf("append %d: %v", i, err)
				}
			}
			if left.Load() > 0 {
				t.Fatalf("the front let %d faults unused", left.Load())
			}
			got := adaptertest.ReadAll(t, adaptertest.OpenLog(t, ts.open(t, "all"), "s"), 1)
			if len(got) != len(recs) {
				t.Fatalf("the server holds %d records, want %d", len(got), len(recs))
			}
			for i := range got {
				if !got[i].Equal(recs[i]) {
					t.Fatalf("record %d differs", i+1)
				}
			}
		})
	}
}

// cutReads forwards to h, cutting the first n read answers in the middle.
func cutReads(h http.Handler, n int32) http.Handler {
	var left atomic.Int32
	left.Store(n)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path != wire.PathRecords || left.Add(-1) < 0 {
			h.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		b := rec.Body.Bytes()
		_, _ = w.Write(b[:len(b)/2])
		panic(http.ErrAbortHandler)
	})
}

// TestCutRead cuts read answers in the middle, of the first page and of
// a later one: Read resumes where the cut left it and yields every record
// once.
func TestCutRead(t *testing.T) {
	ts := startServer(t, func(o *server.Options) { o.PageRecords = 4 })
	recs := adaptertest.Records("s", 0, 10, nil)
	if err := adaptertest.OpenLog(t, ts.open(t, "all"), "s").Append(t.Context(), 0, recs); err != nil {
		t.Fatal(err)
	}
	got := adaptertest.ReadAll(t, adaptertest.OpenLog(t, openURL(t, front(t, cutReads(ts.Server, 3)), ts.token("all")), "s"), 1)
	if len(got) != len(recs) {
		t.Fatalf("read %d records, want %d", len(got), len(recs))
	}
	for i := range got {
		if !got[i].Equal(recs[i]) {
			t.Fatalf("record %d differs", i+1)
		}
	}
}
