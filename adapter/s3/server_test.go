package s3_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/s3"
)

// The server the tests run against; scripts/with-versitygw.sh starts one
// and sets these.
const (
	urlEnv    = "SEALSTREAM_TEST_S3_URL"
	keyEnv    = "SEALSTREAM_TEST_S3_ACCESS_KEY"
	secretEnv = "SEALSTREAM_TEST_S3_SECRET_KEY"
)

// serverURL returns the test server's URL. Without one the test fails
// under CI and is skipped elsewhere.
func serverURL(tb testing.TB) string {
	tb.Helper()
	return adaptertest.ServerURL(tb, urlEnv, "no S3 server; run the tests through scripts/with-versitygw.sh")
}

// testCreds are the test server's credentials.
func testCreds() aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(testKey(), testSecret(), "")
}

func testKey() string    { return os.Getenv(keyEnv) }
func testSecret() string { return os.Getenv(secretEnv) }

// freshURL returns the server URL with a key prefix no test has used.
func freshURL(tb testing.TB) string {
	tb.Helper()
	return withPrefix(tb, serverURL(tb), randomName("t-"))
}

func withPrefix(tb testing.TB, raw, prefix string) string {
	tb.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		tb.Fatalf("parse %s: %v", urlEnv, err)
	}
	u.Path = "/" + prefix + "/"
	return u.String()
}

func randomName(prefix string) string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// options fills in the test server's credentials and quick polling and
// retries, keeping what opts sets.
func options(opts s3.Options) s3.Options {
	if opts.Credentials == nil {
		opts.Credentials = testCreds()
	}
	if opts.PollInterval == 0 {
		opts.PollInterval = 20 * time.Millisecond
	}
	if opts.RetryBase == 0 {
		opts.RetryBase = 5 * time.Millisecond
	}
	return opts
}

// openAdapter opens an adapter on u, closed when the test ends.
func openAdapter(tb testing.TB, u string, opts s3.Options) *s3.Adapter {
	tb.Helper()
	a, err := s3.OpenWith(context.Background(), u, options(opts))
	if err != nil {
		tb.Fatalf("OpenWith: %v", err)
	}
	tb.Cleanup(func() { _ = a.Close() })
	return a
}

// rawClient is a plain S3 client on the test server, for reading and
// damaging objects behind the adapter's back.
func rawClient(tb testing.TB) (*awss3.Client, string) {
	tb.Helper()
	u, err := url.Parse(serverURL(tb))
	if err != nil {
		tb.Fatal(err)
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	tb.Cleanup(t.CloseIdleConnections)
	c := awss3.New(awss3.Options{Region: "us-east-1", Credentials: testCreds(),
		BaseEndpoint: aws.String(u.Query().Get("endpoint")), UsePathStyle: true,
		HTTPClient: &http.Client{Transport: t}})
	return c, u.Host
}

// keysUnder lists the keys under prefix.
func keysUnder(tb testing.TB, prefix string) []string {
	tb.Helper()
	c, bucket := rawClient(tb)
	var keys []string
	p := awss3.NewListObjectsV2Paginator(c, &awss3.ListObjectsV2Input{Bucket: &bucket, Prefix: &prefix})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			tb.Fatal(err)
		}
		for _, o := range page.Contents {
			keys = append(keys, aws.ToString(o.Key))
		}
	}
	return keys
}

// putObject writes an object behind the adapter's back.
func putObject(tb testing.TB, key string, body []byte) {
	tb.Helper()
	c, bucket := rawClient(tb)
	if _, err := c.PutObject(context.Background(), &awss3.PutObjectInput{Bucket: &bucket, Key: &key,
		Body: bytes.NewReader(body)}); err != nil {
		tb.Fatalf("put %s: %v", key, err)
	}
}

// getObject reads an object behind the adapter's back.
func getObject(tb testing.TB, c *awss3.Client, bucket, key string) []byte {
	tb.Helper()
	out, err := c.GetObject(context.Background(), &awss3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		tb.Fatalf("get %s: %v", key, err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
