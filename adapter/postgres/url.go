package postgres

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/internal/redact"
)

// parseURL parses a postgres:// or postgresql:// URL into a pool config,
// taking out the schema parameter and asking for synchronous commit unless
// the URL says otherwise, so that an acknowledged append is on disk. It
// also returns the URL's secrets, to keep them out of later errors.
//
// Its errors never hold a password of the URL: pgx's parse errors quote the
// URL, and for a malformed one may miss a password, so they are described
// anew, with every password masked, and not wrapped (they carry the URL).
func parseURL(raw string) (*pgxpool.Config, string, secrets, error) {
	if !strings.HasPrefix(raw, "postgres://") && !strings.HasPrefix(raw, "postgresql://") {
		return nil, "", nil, fmt.Errorf("postgres: URL scheme is not postgres:// or postgresql://: %w", sealstream.ErrUnsupportedURL)
	}
	hidden := secretsOf(raw)
	cfg, err := pgxpool.ParseConfig(raw)
	if err != nil {
		return nil, "", nil, errors.New(hidden.mask("postgres: invalid URL" + shown(raw) + ": " + reason(err)))
	}
	if pw := cfg.ConnConfig.Password; pw != "" { // maybe from PGPASSWORD or a password file
		hidden = append(secrets{pw}, hidden...)
	}
	params := cfg.ConnConfig.RuntimeParams
	schema := params["schema"]
	delete(params, "schema")
	if _, set := params["synchronous_commit"]; !set {
		params["synchronous_commit"] = "on"
	}
	return cfg, schema, hidden, nil
}

// shown is " " and raw with its password masked by [url.URL.Redacted], or
// nothing when Go does not parse raw as a URL.
func shown(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return " " + u.Redacted()
}

// reason is what pgx found wrong in a URL, without the copy of the URL its
// parse errors begin with ("cannot parse `URL`: reason").
func reason(err error) string {
	text := err.Error()
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) {
		if i := strings.LastIndex(text, "`: "); i >= 0 {
			text = text[i+len("`: "):]
		}
	}
	return text
}

// secrets are the strings of a URL that no error may show: its password
// and the values of its password and sslpassword parameters, raw and
// decoded, as the parsers of Go and of libpq (whose rules pgx follows)
// could each read them, and, for values holding delimiters that a
// misreading would split on, their pieces.
type secrets redact.Secrets

func secretsOf(raw string) secrets {
	var s redact.Secrets
	_, rest, _ := strings.Cut(raw, "://")
	// libpq: the user information ends at an '@' before any '/'.
	if i := strings.IndexAny(rest, "@/"); i >= 0 && rest[i] == '@' {
		if _, pw, ok := strings.Cut(rest[:i], ":"); ok {
			s.Add(pw)
		}
	}
	// Go: it ends at the last '@' of the authority.
	auth := rest
	if i := strings.IndexAny(auth, "/?#"); i >= 0 {
		auth = auth[:i]
	}
	if i := strings.LastIndex(auth, "@"); i >= 0 {
		if _, pw, ok := strings.Cut(auth[:i], ":"); ok {
			s.Add(pw)
		}
	}
	// Widest: from the first ':' to the last '@' of the whole string.
	if i, j := strings.Index(rest, ":"), strings.LastIndex(rest, "@"); i >= 0 && j > i {
		s.Add(rest[i+1 : j])
	}
	for _, pair := range strings.FieldsFunc(rest, func(r rune) bool { return r == '?' || r == '&' || r == '#' }) {
		k, v, ok := strings.Cut(pair, "=")
		if k = strings.ToLower(redact.Unescape(strings.Trim(k, " "), url.PathUnescape)); ok && (k == "password" || k == "sslpassword") {
			s.Add(v)
		}
	}
	return secrets(s)
}

// mask returns msg with every secret masked, in one pass that prefers the
// longest secret at each place.
func (s secrets) mask(msg string) string { return redact.Secrets(s).Mask(msg) }

// hide returns err, or when its message shows a secret, an error of the
// masked message that still unwraps to err.
func (s secrets) hide(err error) error { return redact.Secrets(s).Hide(err) }
