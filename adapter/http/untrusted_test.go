package httpadapter_test

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	httpadapter "github.com/sealstream/sealstream/adapter/http"
)

// TestUntrustedCertificateFailsAtOnce: a server whose certificate the
// client does not trust is refused at once, by reads, appends, listings
// and the blob store alike: retrying cannot help, and an append that
// failed in the handshake was never sent.
func TestUntrustedCertificateFailsAtOnce(t *testing.T) {
	ts := startServer(t, nil)
	front := httptest.NewUnstartedServer(ts.Server)
	front.Config.ErrorLog = log.New(io.Discard, "", 0) // the failed handshakes
	front.StartTLS()                                   // a certificate no one trusts
	t.Cleanup(front.Close)
	o := httpadapter.Options{Token: ts.token("all"), RetryFor: 20 * time.Second, Timeout: 20 * time.Second}
	a, err := httpadapter.New(front.URL, o)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	blobs := a.BlobStore()
	l := adaptertest.OpenLog(t, a, "s")
	ctx := context.Background()
	for call, fn := range map[string]func() error{
		"Head":   func() error { _, err := l.Head(ctx); return err },
		"Append": func() error { return l.Append(ctx, 0, adaptertest.Records("s", 0, 1, nil)) },
		"Read": func() error {
			for _, err := range l.Read(ctx, 1) {
				return err
			}
			return nil
		},
		"Streams": func() error {
			for _, err := range a.Streams(ctx, "") {
				return err
			}
			return nil
		},
		"blob Get": func() error { _, err := blobs.Get(ctx, "k"); return err },
	} {
		start := time.Now()
		err := fn()
		var verify *tls.CertificateVerificationError
		if !errors.As(err, &verify) {
			t.Fatalf("%s = %v, want a certificate verification error", call, err)
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Fatalf("%s failed after %v, retrying what cannot succeed", call, took)
		}
	}
	if got := len(adaptertest.ReadAll(t, adaptertest.OpenLog(t, ts.Backend, "s"), 1)); got != 0 {
		t.Fatalf("the server holds %d records after an append that was never sent", got)
	}
}
