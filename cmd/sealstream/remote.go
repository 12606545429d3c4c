package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/sealstream/sealstream/adapter"
	httpadapter "github.com/sealstream/sealstream/adapter/http"
)

// tokenEnv names the environment variable holding the token of a sync
// server (an http:// or https:// store).
const tokenEnv = "SEALSTREAM_TOKEN"

// httpScheme reports whether a store URL's scheme names a sync server.
func httpScheme(scheme string) bool { return scheme == "http" || scheme == "https" }

// token returns the bearer token for a sync server: from --token-file,
// else from $SEALSTREAM_TOKEN. It is never a flag value and is never
// printed.
func (a *app) token() (string, error) {
	tok, from := strings.TrimSpace(os.Getenv(tokenEnv)), "$"+tokenEnv
	if a.tokenFile != "" {
		b, err := os.ReadFile(a.tokenFile)
		if err != nil {
			return "", fmt.Errorf("read the token file: %w", err)
		}
		tok, from = strings.TrimSpace(string(b)), "the token file"
		if tok == "" {
			return "", errors.New("the token file is empty")
		}
	}
	switch {
	case tok == "":
		return "", errors.New("a sync server needs a token: set $" + tokenEnv + " or use --token-file")
	case strings.ContainsFunc(tok, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return "", errors.New(from + " holds more than one token: a space, a line break or a control character")
	}
	return tok, nil
}

// openRemote opens the client adapter of the sync server at raw.
func (a *app) openRemote(ctx context.Context, raw string) (adapter.Adapter, error) {
	tok, err := a.token()
	if err != nil {
		return nil, err
	}
	return httpadapter.Options{Token: tok}.Open(ctx, raw)
}

// explained makes a sync server's refusal of the token one clear line.
func explained(err error) error {
	switch {
	case errors.Is(err, httpadapter.ErrUnauthorized):
		return detailed{"the server refused the token (unknown or expired): check $" + tokenEnv + " or --token-file", err}
	case errors.Is(err, httpadapter.ErrForbidden):
		return detailed{"the server refused: the token lacks the right (read or write) to do that", err}
	}
	return err
}
