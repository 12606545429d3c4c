package file

import (
	"context"
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"runtime"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
)

// OpenURL returns an adapter for a URL of the form file:///absolute/dir
// (file://localhost/absolute/dir is accepted too), with default options.
// Any other URL gives an error matching [sealstream.ErrUnsupportedURL].
// Its signature is that of the stream package's Opener.
func OpenURL(ctx context.Context, rawURL string) (adapter.Adapter, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("file: URL does not parse: %w", sealstream.ErrUnsupportedURL)
	}
	if u.Scheme != "file" || u.Opaque != "" || u.User != nil || (u.Host != "" && u.Host != "localhost") ||
		u.RawQuery != "" || u.Fragment != "" || !path.IsAbs(u.Path) {
		return nil, fmt.Errorf("file: %q is not a file:///absolute/dir URL: %w", u.Redacted(), sealstream.ErrUnsupportedURL)
	}
	dir := filepath.FromSlash(u.Path)
	if runtime.GOOS == "windows" && len(dir) >= 3 && dir[2] == ':' {
		dir = dir[1:] // file:///C:/dir
	}
	a, err := Open(ctx, dir, nil)
	if err != nil {
		return nil, err
	}
	return a, nil
}
