package file

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
)

// OpenURL returns an adapter for a URL of the form file:///absolute/dir
// (file://localhost/absolute/dir is accepted too), with default options.
// Any other URL gives an error matching [sealstream.ErrUnsupportedURL]
// that says what is wrong with it. Its signature is that of the stream
// package's Opener.
func OpenURL(ctx context.Context, rawURL string) (adapter.Adapter, error) {
	return OpenURLWith(ctx, rawURL, nil)
}

// OpenURLWith is OpenURL with options, such as Options.OnRecover; a nil
// opts means the defaults. The URL takes no query parameters, fragment
// or user info, and its host is empty or localhost. Errors never show
// the URL's user info, query or fragment, nor anything of a URL that
// does not parse, since those may hold secrets.
func OpenURLWith(ctx context.Context, rawURL string, opts *Options) (adapter.Adapter, error) {
	dir, err := dirOfURL(rawURL)
	if err != nil {
		return nil, err
	}
	a, err := Open(ctx, dir, opts)
	if err != nil {
		return nil, err
	}
	return a, nil
}

// dirOfURL returns the directory a file URL names, or why it names none.
func dirOfURL(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// The parse error quotes the URL: say what is wrong without it.
		return "", fmt.Errorf("file: store URL refused: %s: %w", parseProblem(err), sealstream.ErrUnsupportedURL)
	}
	var why string
	switch {
	case u.Scheme != "file":
		why = fmt.Sprintf("scheme %q is not file", u.Scheme)
	case u.User != nil:
		why = "user info is not supported"
	case u.Host != "" && u.Host != "localhost":
		why = fmt.Sprintf("host %q is not supported, only localhost or none", u.Host)
	case u.Opaque != "":
		why = "the path is relative (file:dir); write file:///absolute/dir"
	case u.RawQuery != "" || u.ForceQuery:
		why = "query parameters are not supported"
	case u.Fragment != "" || strings.Contains(rawURL, "#"):
		why = "a fragment is not supported"
	case u.Path == "":
		why = "the path is empty; write file:///absolute/dir"
	case !path.IsAbs(u.Path):
		why = "the path is not absolute; write file:///absolute/dir"
	default:
		dir := filepath.FromSlash(u.Path)
		if runtime.GOOS == "windows" && len(dir) >= 3 && dir[2] == ':' {
			dir = dir[1:] // file:///C:/dir
		}
		return dir, nil
	}
	return "", fmt.Errorf("file: store URL %q refused: %s: %w", shown(u), why, sealstream.ErrUnsupportedURL)
}

// shown is u as an error may show it: its user info (opaque or not),
// query and fragment, where secrets hide, replaced by "xxxxx" as
// u.Redacted does a password.
func shown(u *url.URL) string {
	const hidden = "xxxxx"
	c := *u
	if c.User != nil {
		c.User = url.User(hidden)
	}
	if i := strings.LastIndexByte(c.Opaque, '@'); i >= 0 {
		c.Opaque = hidden + c.Opaque[i:] // user info of an opaque URL
	}
	if c.RawQuery != "" || c.ForceQuery {
		c.RawQuery, c.ForceQuery = hidden, false
	}
	if c.Fragment != "" || c.RawFragment != "" {
		c.Fragment, c.RawFragment = hidden, ""
	}
	return c.Redacted()
}

// parseProblems name, by a fragment of url.Parse's error, what it found
// wrong, in words that quote nothing of the URL.
var parseProblems = []struct{ in, why string }{
	{"invalid port", "invalid port"},
	{"control character", "control character"},
	{"userinfo", "invalid user info"},
	{"missing protocol scheme", "no scheme"},
	{"cannot contain colon", "colon in the first path segment"},
	{"URL escape", "bad %-escape"},
	{"host", "invalid host"},
	{"IP-literal", "invalid host"},
}

// parseProblem says what url.Parse found wrong without quoting the URL,
// which its error does.
func parseProblem(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		for _, p := range parseProblems {
			if strings.Contains(ue.Err.Error(), p.in) {
				return "it does not parse as a URL: " + p.why
			}
		}
	}
	return "it does not parse as a URL"
}
