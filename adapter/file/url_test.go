package file_test

import (
	"bytes"
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
)

// TestOpenURLRefusals checks that each URL a file store refuses gives an
// error matching ErrUnsupportedURL that says precisely what is wrong, and
// never shows a secret from the URL's user info, query or fragment, nor
// anything of a URL that does not parse.
func TestOpenURLRefusals(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"file:///abs?mode=ro", "query parameters are not supported"},
		{"file:///abs?key=SECRET", "query parameters are not supported"},
		{"file:///abs?", "query parameters are not supported"},
		{"file:///abs#SECRET", "a fragment is not supported"},
		{"file:///abs#", "a fragment is not supported"},
		{"file://user:SECRET@host/x", "user info is not supported"},
		{"file://SECRET@localhost/x", "user info is not supported"},
		{"file://host/x", `host "host" is not supported`},
		{"file://localhost:8080/x", `host "localhost:8080" is not supported`},
		{"file:relative/dir", "the path is relative"},
		{"file:user:SECRET@host/dir", `"file:xxxxx@host/dir" refused: the path is relative`},
		{"file:", "the path is empty"},
		{"file://localhost", "the path is empty"},
		{"s3://bucket/streams", `scheme "s3" is not file`},
		{"file://user:SECRET@host:port/x", "does not parse as a URL: invalid port"},
		{"file:///x%zzSECRET", "does not parse as a URL: bad %-escape"},
		{"file:///SECRET\x7f", "does not parse as a URL: control character"},
		{"://SECRET", "does not parse as a URL: no scheme"},
		{"file://[SECRET/x", "does not parse as a URL: invalid host"},
	} {
		for name, open := range map[string]func(context.Context, string) error{
			"OpenURL": func(ctx context.Context, raw string) error {
				_, err := file.OpenURL(ctx, raw)
				return err
			},
			"OpenURLWith": func(ctx context.Context, raw string) error {
				_, err := file.OpenURLWith(ctx, raw, quiet())
				return err
			},
		} {
			err := open(context.Background(), tc.url)
			wantErr(t, name+"("+tc.url+")", err, sealstream.ErrUnsupportedURL)
			if msg := err.Error(); !strings.Contains(msg, tc.want) || strings.Contains(msg, "SECRET") {
				t.Fatalf("%s(%q) error = %q, want it to say %q and show no secret", name, tc.url, msg, tc.want)
			}
		}
	}
}

// TestOpenURLWithOptions opens a directory by URL, with and without
// localhost, passing options: OnRecover hears of the torn tail cut on
// open, and MaxLineSize bounds appends.
func TestOpenURLWithOptions(t *testing.T) {
	for _, host := range []string{"", "localhost"} {
		dir := t.TempDir()
		l := openLog(t, openAdapter(t, dir, quiet()), "s")
		mustf(t, l.Append(context.Background(), 0, adaptertest.Records("s", 0, 1, nil)), "append")
		h, err := l.Head(context.Background())
		mustf(t, err, "head")
		mustf(t, l.Close(), "close")
		appendBytes(t, h.File, []byte(`{"f":1,"v":2,"more":0,"id":"torn`))

		var cuts []file.Recovery
		u := url.URL{Scheme: "file", Host: host, Path: filepath.ToSlash(dir)}
		a, err := file.OpenURLWith(context.Background(), u.String(), &file.Options{
			DisableNotify: true, PollInterval: -1, MaxLineSize: 1024,
			OnRecover: func(r file.Recovery) { cuts = append(cuts, r) }})
		mustf(t, err, "OpenURLWith(%s)", u.String())
		t.Cleanup(func() { _ = a.Close() })
		l = openLog(t, a, "s")
		if len(cuts) != 1 || cuts[0].Stream != "s" || cuts[0].Offset != h.Bytes {
			t.Fatalf("OpenURLWith(%s): cuts = %+v, want the torn tail cut at %d", u.String(), cuts, h.Bytes)
		}
		big := adaptertest.Records("s", 1, 1, nil)
		big[0].Payload = bytes.Repeat([]byte{1}, 2048)
		wantErr(t, "append over MaxLineSize", l.Append(context.Background(), 1, big), sealstream.ErrTooLarge)
	}
}
