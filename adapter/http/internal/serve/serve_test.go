package serve_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/sealstream/sealstream/adapter/http/internal/serve"
	"github.com/sealstream/sealstream/adapter/http/server"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestUsage checks the exit statuses of bad invocations and -new-token.
func TestUsage(t *testing.T) {
	ctx := context.Background()
	for what, args := range map[string][]string{
		"no flags":         nil,
		"no tokens":        {"-dir", t.TempDir()},
		"cert without key": {"-dir", t.TempDir(), "-tokens", "x", "-tls-cert", "c.pem"},
		"unknown flag":     {"-nope"},
	} {
		if code := serve.Run(ctx, args, io.Discard, io.Discard); code != 2 {
			t.Fatalf("%s: exit %d, want 2", what, code)
		}
	}
	var stderr bytes.Buffer
	if code := serve.Run(ctx, []string{"-dir", t.TempDir(), "-tokens", filepath.Join(t.TempDir(), "missing")}, io.Discard, &stderr); code != 1 {
		t.Fatalf("a missing token list: exit %d, want 1", code)
	}
	var out bytes.Buffer
	if code := serve.Run(ctx, []string{"-new-token"}, &out, io.Discard); code != 0 {
		t.Fatalf("-new-token: exit %d", code)
	}
	var tok, hash string
	for _, line := range strings.Split(out.String(), "\n") {
		if v, ok := strings.CutPrefix(line, "token: "); ok {
			tok = v
		}
		if v, ok := strings.CutPrefix(line, "hash:  "); ok {
			hash = v
		}
	}
	if tok == "" || server.HashToken(tok) != hash {
		t.Fatalf("-new-token printed %q", out.String())
	}
}

// TestServeTLS serves HTTPS with a certificate and key from files, and
// shuts down with status 0 when its context ends.
func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, pool := selfSigned(t, dir)
	tokens := filepath.Join(dir, "tokens.json")
	b, _ := json.Marshal([]server.Token{{Name: "x", Hash: server.HashToken("sst_t"), Read: true}})
	if err := os.WriteFile(tokens, b, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- serve.Run(ctx, []string{"-dir", filepath.Join(dir, "data"), "-tokens", tokens, "-addr", "127.0.0.1:0",
			"-tls-cert", certFile, "-tls-key", keyFile}, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if err != nil || !ok || !strings.HasPrefix(url, "https://") {
		t.Fatalf("the command printed %q, %v", line, err)
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	defer tr.CloseIdleConnections()
	req, _ := http.NewRequest("GET", url+"/v1/streams", nil)
	req.Header.Set("Authorization", "Bearer sst_t")
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("listing over TLS: %d", resp.StatusCode)
	}
	tr.CloseIdleConnections()
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("exit %d after the context ended, want 0", code)
	}
}

// selfSigned writes a certificate for 127.0.0.1 and its key into dir and
// returns their paths and a pool that trusts the certificate.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "sealstream test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}
