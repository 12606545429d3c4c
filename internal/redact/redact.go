package redact

import (
	"net/url"
	"slices"
	"strings"
)

// Secrets are the strings of a URL that no error may show.
type Secrets []string

// Placeholder is what every occurrence of a secret is replaced by.
const Placeholder = "xxxxx"

// Add adds v to s: v trimmed of spaces, and its path- and query-unescaped
// forms, each unless empty, and, for a form holding delimiters that a
// misreading of the URL would split on, its pieces of 3 bytes or more.
func (s *Secrets) Add(v string) {
	for _, c := range []string{v, Unescape(v, url.PathUnescape), Unescape(v, url.QueryUnescape)} {
		if c = strings.Trim(c, " "); c != "" {
			*s = append(*s, c)
		}
		for _, p := range strings.FieldsFunc(c, isDelimiter) {
			if len(p) >= 3 && p != c {
				*s = append(*s, p)
			}
		}
	}
}

// isDelimiter reports whether r separates the parts of a URL.
func isDelimiter(r rune) bool { return strings.ContainsRune(":/?#[]@&=+;, %", r) }

// Unescape returns f(s), or s where f fails.
func Unescape(s string, f func(string) (string, error)) string {
	if u, err := f(s); err == nil {
		return u
	}
	return s
}

// Mask returns msg with every secret replaced by [Placeholder], in one
// pass that prefers the longest secret at each place.
func (s Secrets) Mask(msg string) string {
	olds := slices.Clone(s)
	slices.SortFunc(olds, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	pairs := make([]string, 0, 2*len(olds))
	for _, o := range slices.Compact(olds) {
		pairs = append(pairs, o, Placeholder)
	}
	return strings.NewReplacer(pairs...).Replace(msg)
}

// Hide returns err, or when its message shows a secret, an error of the
// masked message that still unwraps to err.
func (s Secrets) Hide(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if masked := s.Mask(msg); masked != msg {
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
