package nats

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/sealstream/sealstream"
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
type secrets []string

// mask is the mask of every secret's occurrences in a message.
const mask = "xxxxx"

func secretsOf(raw string) secrets {
	var s secrets
	add := func(v string) {
		for _, c := range []string{v, unescape(v, url.PathUnescape), unescape(v, url.QueryUnescape)} {
			if c = strings.Trim(c, " "); c != "" {
				s = append(s, c)
			}
			for _, p := range strings.FieldsFunc(c, isDelimiter) {
				if len(p) >= 3 && p != c {
					s = append(s, p)
				}
			}
		}
	}
	// A user information without ':' is a token, else user:password.
	addInfo := func(info string) {
		if _, pw, ok := strings.Cut(info, ":"); ok {
			add(pw)
		} else {
			add(info)
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
	return s
}

// isDelimiter reports whether r separates the parts of a URL.
func isDelimiter(r rune) bool { return strings.ContainsRune(":/?#[]@&=+;, %", r) }

// unescape is f(s), or s where f fails.
func unescape(s string, f func(string) (string, error)) string {
	if u, err := f(s); err == nil {
		return u
	}
	return s
}

// mask returns msg with every secret masked, in one pass that prefers the
// longest secret at each place.
func (s secrets) mask(msg string) string {
	olds := slices.Clone(s)
	slices.SortFunc(olds, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	pairs := make([]string, 0, 2*len(olds))
	for _, o := range slices.Compact(olds) {
		pairs = append(pairs, o, mask)
	}
	return strings.NewReplacer(pairs...).Replace(msg)
}

// hide returns err, or when its message shows a secret, an error of the
// masked message that still unwraps to err.
func (s secrets) hide(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if masked := s.mask(msg); masked != msg {
		return &maskedError{msg: masked, err: err}
	}
	return err
}

// maskedError is an error whose message has its secrets masked.
type maskedError struct {
	msg string
	err error
}

func (e *maskedError) Error() string { return e.msg }
func (e *maskedError) Unwrap() error { return e.err }
