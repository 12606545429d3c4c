package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/postgres"
)

// urlEnv names the server the tests run against; scripts/with-postgres.sh
// starts one and sets it.
const urlEnv = "SEALSTREAM_TEST_POSTGRES_URL"

// serverURL returns the test server's URL. Without one the test fails
// under CI and is skipped elsewhere.
func serverURL(tb testing.TB) string {
	tb.Helper()
	return adaptertest.ServerURL(tb, urlEnv, "no PostgreSQL server; run the tests through scripts/with-postgres.sh")
}

// withParam returns u with the query parameter key set to value.
func withParam(tb testing.TB, u, key, value string) string {
	tb.Helper()
	p, err := url.Parse(u)
	if err != nil {
		tb.Fatalf("parse %s: %v", urlEnv, err)
	}
	q := p.Query()
	q.Set(key, value)
	p.RawQuery = q.Encode()
	return p.String()
}

// freshSchema returns the name of a schema no test has used and the server
// URL that selects it; the schema is dropped when the test ends.
func freshSchema(tb testing.TB) (schema, u string) {
	tb.Helper()
	base := serverURL(tb)
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	schema = "t_" + hex.EncodeToString(b)
	tb.Cleanup(func() { runSQL(tb, base, `DROP SCHEMA IF EXISTS `+pgx.Identifier{schema}.Sanitize()+` CASCADE`) })
	return schema, withParam(tb, base, "schema", schema)
}

// runSQL runs one statement on a connection of its own.
func runSQL(tb testing.TB, u, sql string, args ...any) {
	tb.Helper()
	conn := dial(tb, u)
	defer func() { _ = conn.Close(context.Background()) }()
	if _, err := conn.Exec(context.Background(), sql, args...); err != nil {
		tb.Fatalf("%s: %v", firstLine(sql), err)
	}
}

// connect opens a plain connection for test SQL, closed when the test ends.
func connect(tb testing.TB, u string) *pgx.Conn {
	tb.Helper()
	conn := dial(tb, u)
	tb.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

func dial(tb testing.TB, u string) *pgx.Conn {
	tb.Helper()
	cfg, err := pgx.ParseConfig(u)
	if err != nil {
		tb.Fatal(err)
	}
	delete(cfg.RuntimeParams, "schema")
	conn, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return conn
}

// sprintfSchema puts the quoted schema name into sql's %s.
func sprintfSchema(sql, schema string) string {
	return fmt.Sprintf(sql, pgx.Identifier{schema}.Sanitize())
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// openAdapter opens an adapter on u, closed when the test ends.
func openAdapter(tb testing.TB, u string, opts postgres.Options) *postgres.Adapter {
	tb.Helper()
	a, err := postgres.OpenWith(context.Background(), u, opts)
	if err != nil {
		tb.Fatalf("OpenWith: %v", err)
	}
	tb.Cleanup(func() { _ = a.Close() })
	return a
}
