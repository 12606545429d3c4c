package postgres_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/postgres"
	"github.com/sealstream/sealstream/codec"
)

// TestDamageIsReported edits rows behind the adapter's back: a missing
// record is ErrIntegrity and bad metadata bytes ErrCorrupt, each naming
// the version; the records before the damage are still yielded.
func TestDamageIsReported(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		want      error
	}{
		{"missing record", `DELETE FROM %s.records WHERE stream = 'd' AND version = 5`, sealstream.ErrIntegrity},
		{"bad metadata", `UPDATE %s.records SET metadata = '\x05ff'::bytea WHERE stream = 'd' AND version = 5`, sealstream.ErrCorrupt},
		{"trailing metadata", `UPDATE %s.records SET metadata = metadata || '\x00'::bytea WHERE stream = 'd' AND version = 5`, sealstream.ErrCorrupt},
	} {
		t.Run(c.name, func(t *testing.T) {
			schema, u := freshSchema(t)
			l := adaptertest.OpenLog(t, openAdapter(t, u, postgres.Options{PageSize: 3}), "d")
			if err := l.Append(context.Background(), 0, adaptertest.Records("d", 0, 8, nil)); err != nil {
				t.Fatal(err)
			}
			runSQL(t, u, sprintfSchema(c.sql, schema))
			var got []codec.Record
			var err error
			for r, e := range l.Read(context.Background(), 1) {
				if e != nil {
					err = e
					break
				}
				got = append(got, r)
			}
			if !errors.Is(err, c.want) {
				t.Fatalf("Read error = %v, want %v", err, c.want)
			}
			if len(got) != 4 {
				t.Fatalf("Read yielded %d records before the damage, want 4", len(got))
			}
		})
	}
}

// TestHeadAheadOfRecords: a head row naming a record that is not there is
// ErrIntegrity, not an empty stream.
func TestHeadAheadOfRecords(t *testing.T) {
	schema, u := freshSchema(t)
	l := adaptertest.OpenLog(t, openAdapter(t, u, postgres.Options{}), "h")
	if err := l.Append(context.Background(), 0, adaptertest.Records("h", 0, 2, nil)); err != nil {
		t.Fatal(err)
	}
	runSQL(t, u, sprintfSchema(`UPDATE %s.streams SET version = 3 WHERE stream = 'h'`, schema))
	if _, err := l.Head(context.Background()); !errors.Is(err, sealstream.ErrIntegrity) {
		t.Fatalf("Head() = %v, want ErrIntegrity", err)
	}
}
