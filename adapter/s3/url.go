package s3

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sealstream/sealstream"
)

// maxPrefixLen bounds the URL's key prefix, so that every key stays under
// S3's 1,024 bytes.
const maxPrefixLen = 200

// location is what an s3:// URL names.
type location struct {
	bucket    string
	prefix    string // "" or ending in '/'
	endpoint  string // "" for AWS
	region    string
	pathStyle bool
}

// String is the URL without its query: all that errors show of it.
func (l location) String() string { return "s3://" + l.bucket + "/" + l.prefix }

// parseURL parses s3://bucket/prefix?endpoint=…&region=…&path_style=….
// Its errors never quote the URL: only its bucket and prefix, once they
// are known to be well formed, and the names of bad parameters.
func parseURL(raw string) (location, error) {
	if !strings.HasPrefix(raw, "s3://") {
		return location{}, fmt.Errorf("s3: URL scheme is not s3://: %w", sealstream.ErrUnsupportedURL)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return location{}, errors.New("s3: the URL does not parse as a URL")
	}
	if u.User != nil {
		return location{}, errors.New("s3: the URL holds credentials: they do not belong there; " +
			"use the AWS credential chain or Options.Credentials")
	}
	if !validBucket(u.Host) {
		return location{}, errors.New("s3: the URL's bucket must be 1 to 255 bytes of a-z, A-Z, 0-9, '.', '-' and '_'")
	}
	loc := location{bucket: u.Host}
	if loc.prefix, err = cleanPrefix(u.Path); err != nil {
		return location{}, err
	}
	if u.Fragment != "" || u.RawFragment != "" {
		return location{}, fmt.Errorf("s3: URL %s has a fragment", loc)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return location{}, fmt.Errorf("s3: URL %s: the query does not parse", loc)
	}
	for name, vals := range q {
		if len(vals) != 1 {
			return location{}, fmt.Errorf("s3: URL %s: parameter %q given %d times", loc, name, len(vals))
		}
		if err := loc.set(name, vals[0]); err != nil {
			return location{}, err
		}
	}
	if _, set := q["path_style"]; !set {
		loc.pathStyle = loc.endpoint != "" // S3-compatible servers mostly want it
	}
	return loc, nil
}

// set applies one query parameter.
func (l *location) set(name, v string) error {
	switch name {
	case "endpoint":
		e, err := url.Parse(v)
		if err != nil || (e.Scheme != "http" && e.Scheme != "https") || e.Host == "" ||
			e.User != nil || e.RawQuery != "" || e.Fragment != "" {
			return fmt.Errorf("s3: URL %s: endpoint must be an http:// or https:// URL without credentials, query or fragment", l)
		}
		l.endpoint = strings.TrimSuffix(v, "/")
	case "region":
		if v == "" || len(v) > 64 || strings.ContainsFunc(v, func(r rune) bool {
			return (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-'
		}) {
			return fmt.Errorf("s3: URL %s: region must be 1 to 64 bytes of a-z, 0-9 and '-'", l)
		}
		l.region = v
	case "path_style":
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("s3: URL %s: path_style must be true or false", l)
		}
		l.pathStyle = b
	default:
		known := []string{"endpoint", "region", "path_style"}
		return fmt.Errorf("s3: URL %s: unknown parameter %q (known: %s)", l, name, strings.Join(known, ", "))
	}
	return nil
}

func validBucket(b string) bool {
	return b != "" && len(b) <= 255 && !strings.ContainsFunc(b, func(r rune) bool {
		return !slices.Contains([]rune("._-"), r) && (r > unicode.MaxASCII || !unicode.IsLetter(r) && !unicode.IsDigit(r))
	})
}

// cleanPrefix returns p without a leading '/' and with a trailing one
// (unless empty). It refuses control characters, invalid UTF-8, empty,
// "." and ".." components and prefixes over maxPrefixLen bytes.
func cleanPrefix(p string) (string, error) {
	p = strings.TrimPrefix(p, "/")
	if p == "" {
		return "", nil
	}
	p = strings.TrimSuffix(p, "/")
	bad := len(p)+1 > maxPrefixLen || !utf8.ValidString(p) || strings.ContainsFunc(p, unicode.IsControl) ||
		strings.ContainsRune(p, '\\')
	for _, c := range strings.Split(p, "/") {
		bad = bad || c == "" || c == "." || c == ".."
	}
	if bad {
		return "", fmt.Errorf("s3: key prefix of %d bytes must be at most %d bytes of printable UTF-8 "+
			"without '\\' or empty, \".\" or \"..\" components: %w", len(p), maxPrefixLen, sealstream.ErrInvalidArgument)
	}
	return p + "/", nil
}
