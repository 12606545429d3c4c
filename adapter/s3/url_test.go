package s3_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/s3"
)

// The sentinel secret: it must appear in no error.
const sentinel = "S3ntinelSecretKEY"

// TestOpenRefusesOtherURLs needs no server: other schemes are refused
// before anything else.
func TestOpenRefusesOtherURLs(t *testing.T) {
	for _, u := range []string{"", "mem://", "file:///tmp/x", "https://bucket.s3.amazonaws.com/", "S3://b/", "s3:/b"} {
		if _, err := s3.Open(context.Background(), u); !errors.Is(err, sealstream.ErrUnsupportedURL) {
			t.Errorf("Open(%q) = %v, want ErrUnsupportedURL", u, err)
		}
		if _, err := s3.NewBlobStore(context.Background(), u); !errors.Is(err, sealstream.ErrUnsupportedURL) {
			t.Errorf("NewBlobStore(%q) = %v, want ErrUnsupportedURL", u, err)
		}
	}
}

// TestBadURLs refuses malformed URLs with errors that never quote a
// secret placed in them.
func TestBadURLs(t *testing.T) {
	for name, u := range map[string]string{
		"credentials":          "s3://AKIAX:" + sentinel + "@bucket/p/",
		"endpoint credentials": "s3://bucket/p/?endpoint=http://u:" + sentinel + "@127.0.0.1:9000",
		"unknown parameter":    "s3://bucket/p/?secret_key=" + sentinel,
		"repeated parameter":   "s3://bucket/p/?region=eu-west-1&region=" + sentinel,
		"bad region":           "s3://bucket/p/?region=" + sentinel + "!",
		"bad path_style":       "s3://bucket/p/?path_style=" + sentinel,
		"endpoint scheme":      "s3://bucket/p/?endpoint=ftp://" + sentinel,
		"endpoint query":       "s3://bucket/p/?endpoint=" + "http://h/%3Fk%3D" + sentinel + "?x=1",
		"bad escape":           "s3://bucket/p/?endpoint=%zz" + sentinel,
		"no bucket":            "s3:///p/" + sentinel + "%zz",
		"bucket with port":     "s3://bucket:99/" + sentinel + "%zz",
		"dot-dot prefix":       "s3://bucket/a/../" + sentinel,
		"empty component":      "s3://bucket/a//b",
		"backslash":            `s3://bucket/a\b`,
		"fragment":             "s3://bucket/p#" + sentinel,
		"long prefix":          "s3://bucket/" + strings.Repeat("p", 200),
	} {
		_, err := s3.OpenWith(context.Background(), u, s3.Options{})
		if err == nil {
			t.Errorf("%s: Open(%q) succeeded", name, u)
			continue
		}
		if strings.Contains(err.Error(), sentinel) {
			t.Errorf("%s: the error shows the secret: %v", name, err)
		}
	}
}

// TestNegativeOptions are refused with ErrInvalidArgument.
func TestNegativeOptions(t *testing.T) {
	for _, o := range []s3.Options{{HintEvery: -1}, {MaxRecordSize: -1}, {PollInterval: -1}, {MaxAttempts: -2}} {
		if _, err := s3.OpenWith(context.Background(), "s3://b/", o); !errors.Is(err, sealstream.ErrInvalidArgument) {
			t.Errorf("OpenWith(%+v) = %v, want ErrInvalidArgument", o, err)
		}
	}
}

// TestWrongCredentialsHidden opens the test server with the right access
// key and a wrong secret: requests fail, and no error shows the secret.
func TestWrongCredentialsHidden(t *testing.T) {
	u := freshURL(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAWRONG")
	t.Setenv("AWS_SECRET_ACCESS_KEY", sentinel)
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_CONFIG_FILE", "/nonexistent")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	a, err := s3.OpenWith(context.Background(), u, s3.Options{MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	l := adaptertest.OpenLog(t, a, "s")
	_, err = l.Head(context.Background())
	if err == nil || strings.Contains(err.Error(), sentinel) {
		t.Fatalf("Head with a wrong secret = %v, want an error without the secret", err)
	}
	for _, err := range a.Streams(context.Background(), "") {
		if err == nil || strings.Contains(err.Error(), sentinel) {
			t.Fatalf("Streams with a wrong secret = %v, want an error without the secret", err)
		}
	}
}

// TestDefaultCredentialChain opens the test server with credentials from
// the environment only, as the AWS SDK's chain finds them.
func TestDefaultCredentialChain(t *testing.T) {
	u := freshURL(t)
	t.Setenv("AWS_ACCESS_KEY_ID", testKey())
	t.Setenv("AWS_SECRET_ACCESS_KEY", testSecret())
	t.Setenv("AWS_CONFIG_FILE", "/nonexistent")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
	a, err := s3.Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if h := adaptertest.HeadOf(t, adaptertest.OpenLog(t, a, "chain")); h.Version != 0 {
		t.Fatalf("head %d, want 0", h.Version)
	}
}
