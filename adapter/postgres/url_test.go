package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/postgres"
)

// TestURLForms opens a postgresql:// URL, and a URL without a schema
// parameter, whose tables then go to the first schema of its search_path.
func TestURLForms(t *testing.T) {
	schema, u := freshSchema(t)
	t.Run("postgresql scheme", func(t *testing.T) {
		alt := "postgresql://" + strings.TrimPrefix(u, "postgres://")
		a, err := postgres.Open(context.Background(), alt)
		if err != nil {
			t.Fatalf("Open(postgresql://…): %v", err)
		}
		defer a.Close()
		l := adaptertest.OpenLog(t, a, "scheme")
		if err := l.Append(context.Background(), 0, adaptertest.Records("scheme", 0, 1, nil)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("search_path", func(t *testing.T) {
		runSQL(t, serverURL(t), `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{schema}.Sanitize())
		onPath := withParam(t, serverURL(t), "search_path", schema)
		l := adaptertest.OpenLog(t, openAdapter(t, onPath, postgres.Options{}), "path")
		if err := l.Append(context.Background(), 0, adaptertest.Records("path", 0, 2, nil)); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, connect(t, u), schema, "path"); n != 2 {
			t.Fatalf("schema %s holds %d records of the stream, want 2", schema, n)
		}
	})
}
