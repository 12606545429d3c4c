package nats

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/internal/redact"
)

// checkSchemes refuses, with [sealstream.ErrUnsupportedURL], a URL list
// one of whose URLs does not parse or has a scheme other than nats, tls,
// ws or wss. Its errors show no part of a URL but a valid scheme: a
// url.Parse error quotes the URL, password included, and a malformed URL
// can put a piece of a password where its scheme would be.
func checkSchemes(raw string) error {
	for part := range strings.SplitSeq(raw, ",") {
		part = strings.TrimSpace(part)
		u, err := url.Parse(part)
		if err != nil {
			return fmt.Errorf("nats: malformed URL (in a user name, password or token, characters such as / ? # @ : %% , must be percent-encoded): %w", sealstream.ErrUnsupportedURL)
		}
		scheme, _, found := strings.Cut(part, "://")
		if !found || !strings.EqualFold(scheme, u.Scheme) {
			return fmt.Errorf("nats: URL without a scheme (nats://, tls://, ws:// or wss://): %w", sealstream.ErrUnsupportedURL)
		}
		switch u.Scheme {
		case "nats", "tls", "ws", "wss":
		default:
			return fmt.Errorf("nats: scheme %q: %w", u.Scheme, sealstream.ErrUnsupportedURL)
		}
	}
	return nil
}

// secrets are the strings of a URL list that no error may show: the
// password or token of each URL, raw and decoded, as the user information
// could be read (up to the first or the last '@' of the server part, or
// the last '@' of the whole URL), and, for values holding delimiters that a
// misreading would split on, their pieces.
type secrets redact.Secrets

func secretsOf(raw string) secrets {
	var s redact.Secrets
	// A user information without ':' is a token, else user:password.
	addInfo := func(info string) {
		if _, pw, ok := strings.Cut(info, ":"); ok {
			s.Add(pw)
		} else {
			s.Add(info)
		}
	}
	for part := range strings.SplitSeq(raw, ",") {
		_, rest, ok := strings.Cut(strings.TrimSpace(part), "://")
		if !ok {
			rest = strings.TrimSpace(part)
		}
		auth := rest
		if i := strings.IndexAny(auth, "/?#"); i >= 0 {
			auth = auth[:i]
		}
		if i := strings.Index(auth, "@"); i >= 0 {
			addInfo(auth[:i])
		}
		if i := strings.LastIndex(auth, "@"); i >= 0 {
			addInfo(auth[:i])
		}
		if i := strings.LastIndex(rest, "@"); i >= 0 {
			addInfo(rest[:i])
		}
	}
	return secrets(s)
}

// hide returns err, or when its message shows a secret, an error of the
// masked message that still unwraps to err.
func (s secrets) hide(err error) error { return redact.Secrets(s).Hide(err) }
