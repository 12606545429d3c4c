package postgres_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/postgres"
	"github.com/sealstream/sealstream/codec"
)

// TestHostileStreamIDs stores streams whose IDs look like paths, SQL or
// look-alikes of each other, and checks that each keeps its own records.
func TestHostileStreamIDs(t *testing.T) {
	schema, u := freshSchema(t)
	a := openAdapter(t, u, postgres.Options{})
	ids := []string{
		"../..", "/etc/passwd", `C:\Windows`, "a/b", "a%2Fb",
		"'; DROP TABLE records; --", `"); DROP SCHEMA ` + schema + ` CASCADE; --`, "$1", "%s%n",
		"user-1", "user‐1", "usеr-1", // ASCII hyphen, U+2010, Cyrillic е
		strings.Repeat("x", 300), strings.Repeat("é", postgres.MaxStreamIDLen/2),
		"emoji 🔐", " spaces ", "*", "_", "%",
	}
	for i, id := range ids {
		l := adaptertest.OpenLog(t, a, id)
		if err := l.Append(context.Background(), 0, adaptertest.Records(id, 0, i+1, nil)); err != nil {
			t.Fatalf("Append to %q: %v", id, err)
		}
	}
	for i, id := range ids {
		got := adaptertest.ReadAll(t, adaptertest.OpenLog(t, a, id), 1)
		if len(got) != i+1 {
			t.Fatalf("stream %q has %d records, want %d", id, len(got), i+1)
		}
		want := adaptertest.Records(id, 0, i+1, nil)
		for k, r := range got {
			if r.ID != want[k].ID {
				t.Fatalf("stream %q holds record %q of another stream", id, r.ID)
			}
		}
	}
}

// TestInvalidStreamIDs refuses IDs that are empty, too long, not UTF-8 or
// hold control characters, with ErrInvalidStreamID.
func TestInvalidStreamIDs(t *testing.T) {
	_, u := freshSchema(t)
	a := openAdapter(t, u, postgres.Options{})
	for name, id := range map[string]string{
		"empty":     "",
		"too long":  strings.Repeat("x", postgres.MaxStreamIDLen+1),
		"NUL":       "a\x00b",
		"newline":   "a\nb",
		"escape":    "\x1b[31m",
		"not UTF-8": "a\xffb",
		"C1":        "a\u0085b",
	} {
		if _, err := a.Open(context.Background(), id); !errors.Is(err, sealstream.ErrInvalidStreamID) {
			t.Errorf("%s: Open = %v, want ErrInvalidStreamID", name, err)
		}
	}
}

// TestOversizeRecords refuses records over MaxRecordSize, the default and
// a set one, with ErrTooLarge, and stores nothing of their batch.
func TestOversizeRecords(t *testing.T) {
	_, u := freshSchema(t)
	for _, c := range []struct {
		name  string
		opts  postgres.Options
		limit int
	}{
		{"default limit", postgres.Options{}, postgres.DefaultMaxRecordSize},
		{"set limit", postgres.Options{MaxRecordSize: 4096}, 4096},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := adaptertest.OpenLog(t, openAdapter(t, u, c.opts), c.name)
			recs := adaptertest.Records(c.name, 0, 3, nil)
			recs[2].Payload = make([]byte, c.limit-recs[2].Size()+len(recs[2].Payload)+1)
			err := l.Append(context.Background(), 0, recs)
			if !errors.Is(err, sealstream.ErrTooLarge) {
				t.Fatalf("Append with a record of %d bytes = %v, want ErrTooLarge", recs[2].Size(), err)
			}
			if h, _ := l.Head(context.Background()); h.Version != 0 {
				t.Fatalf("head after refused batch = %d, want 0", h.Version)
			}
			recs[2].Payload = recs[2].Payload[:len(recs[2].Payload)-1] // exactly at the limit
			if err := l.Append(context.Background(), 0, recs); err != nil {
				t.Fatalf("Append with a record of %d bytes, at the limit: %v", recs[2].Size(), err)
			}
		})
	}
}

// TestInvalidEventText refuses event IDs and types that PostgreSQL text
// cannot hold with ErrInvalidEvent.
func TestInvalidEventText(t *testing.T) {
	_, u := freshSchema(t)
	l := adaptertest.OpenLog(t, openAdapter(t, u, postgres.Options{}), "text")
	for name, r := range map[string]codec.Record{
		"NUL in ID":      {Version: 1, ID: "a\x00", Type: "T"},
		"NUL in type":    {Version: 1, ID: "a", Type: "T\x00"},
		"ID not UTF-8":   {Version: 1, ID: "\xff", Type: "T"},
		"type not UTF-8": {Version: 1, ID: "a", Type: "\xc3"},
	} {
		if err := l.Append(context.Background(), 0, []codec.Record{r}); !errors.Is(err, sealstream.ErrInvalidEvent) {
			t.Errorf("%s: Append = %v, want ErrInvalidEvent", name, err)
		}
	}
}

// TestOpenRefusesOtherURLs needs no server: other schemes are refused
// before any connection.
func TestOpenRefusesOtherURLs(t *testing.T) {
	for _, u := range []string{"", "mem://", "file:///tmp/x", "mysql://h/db", "host=localhost dbname=x", "postgres:/x"} {
		if _, err := postgres.Open(context.Background(), u); !errors.Is(err, sealstream.ErrUnsupportedURL) {
			t.Errorf("Open(%q) = %v, want ErrUnsupportedURL", u, err)
		}
		if _, err := postgres.NewBlobStore(context.Background(), u); !errors.Is(err, sealstream.ErrUnsupportedURL) {
			t.Errorf("NewBlobStore(%q) = %v, want ErrUnsupportedURL", u, err)
		}
	}
}
