package server_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/http/server"
)

// TestNewToken checks that tokens are random, carry their prefix and hash
// to what the list stores.
func TestNewToken(t *testing.T) {
	a, ha, err := server.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	b, hb, _ := server.NewToken()
	if a == b || ha == hb || !strings.HasPrefix(a, "sst_") || len(a) < 40 {
		t.Fatalf("tokens %q and %q", a, b)
	}
	if server.HashToken(a) != ha || !strings.HasPrefix(ha, "sha256:") || len(ha) != 7+64 {
		t.Fatalf("hash %q of %q", ha, a)
	}
}

// TestParseTokens reads a token list and refuses malformed entries and
// unknown fields.
func TestParseTokens(t *testing.T) {
	hash := server.HashToken("sst_x")
	ts, err := server.ParseTokens([]byte(`[{"name":"phone","hash":"` + hash + `","prefix":"alice/","blobs":"alice",
		"read":true,"write":true,"expires":"2030-01-01T00:00:00Z"}]`))
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 1 || ts[0].Prefix != "alice/" || !ts[0].Write || ts[0].Expires.Year() != 2030 {
		t.Fatalf("parsed %+v", ts)
	}
	for what, list := range map[string]string{
		"not a list":         `{}`,
		"unknown field":      `[{"hash":"` + hash + `","admin":true}]`,
		"no hash":            `[{"name":"x"}]`,
		"short hash":         `[{"hash":"sha256:abcd"}]`,
		"md5 hash":           `[{"hash":"md5:` + strings.Repeat("0", 32) + `"}]`,
		"slash in namespace": `[{"hash":"` + hash + `","blobs":"a/b"}]`,
		"control in prefix":  `[{"hash":"` + hash + `","prefix":"a\u0000"}]`,
	} {
		_, err := server.ParseTokens([]byte(list))
		if err == nil {
			t.Fatalf("%s: accepted", what)
		}
		if strings.Contains(err.Error(), "sst_x") {
			t.Fatalf("%s: the error shows a token", what)
		}
	}
	if _, err := server.New(nil, nil, server.Options{Tokens: []server.Token{{Hash: "x"}}}); !errors.Is(err, sealstream.ErrInvalidArgument) {
		t.Fatalf("New with a malformed token = %v, want ErrInvalidArgument", err)
	}
}
