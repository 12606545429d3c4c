package server_test

import (
	"context"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter/http/server"
	"github.com/sealstream/sealstream/adapter/mem"
)

// TestServe serves on a listener from Listen until the context ends, then
// shuts down: Serve returns nil and the address no longer answers.
func TestServe(t *testing.T) {
	backend := mem.New()
	defer backend.Close()
	srv, err := server.New(backend, nil, server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ln, err := server.Listen("127.0.0.1:0", "", "")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	url := "http://" + ln.Addr().String() + "/v1/health"
	resp, err := (&http.Client{Transport: tr}).Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("health: %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Fatalf("Serve after the context ended = %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return within 10 s of the context's end")
	}
	if c, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		c.Close()
		t.Fatal("the address still accepts connections after Serve returned")
	}
}

// TestListenBadCertificate refuses a missing certificate, or a
// certificate without its key, before listening.
func TestListenBadCertificate(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "cert.pem")
	for what, files := range map[string][2]string{
		"missing files":      {missing, missing},
		"a cert with no key": {missing, ""},
		"a key with no cert": {"", missing},
	} {
		ln, err := server.Listen("127.0.0.1:0", files[0], files[1])
		if err == nil {
			ln.Close()
			t.Fatalf("%s: Listen succeeded", what)
		}
	}
}
