package httpadapter

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
)

// maxErrorBody bounds the error answer read from the server.
const maxErrorBody = 64 << 10

// client sends the API's requests to one server with one token.
type client struct {
	base  string // scheme://host[:port][/path], without a trailing slash
	token string
	hc    *http.Client
	own   bool // hc was made here: Close releases its connections
	o     Options
}

func newClient(raw string, o Options) (*client, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("httpadapter: %q is not an http:// or https:// URL: %w", redact(raw), sealstream.ErrUnsupportedURL)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("httpadapter: URL %s holds credentials, a query or a fragment; give the token in Options: %w", redact(raw), sealstream.ErrInvalidArgument)
	}
	if !headerSafe(o.Token) {
		return nil, fmt.Errorf("httpadapter: the token holds a space or a control character, which no request can carry: %w", sealstream.ErrInvalidArgument)
	}
	c := &client{base: strings.TrimSuffix(u.String(), "/"), token: o.Token, hc: o.Client, o: o.withDefaults()}
	if c.hc == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = 32
		c.hc, c.own = &http.Client{Transport: t}, true
	}
	return c, nil
}

// headerSafe reports whether token can follow "Bearer " in a header as it
// is: no space, no control character.
func headerSafe(token string) bool {
	return !strings.ContainsFunc(token, func(r rune) bool { return r <= ' ' || r == 0x7f })
}

// redact shows a URL without its user information and query.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	u.User, u.RawQuery, u.Fragment = nil, "", ""
	return u.String()
}

// send makes one request and returns a response with a 2xx or 304
// status, or the error answer as a *statusError, or the transport's error.
func (c *client) send(ctx context.Context, method, path string, q url.Values, body []byte, hdr http.Header) (*http.Response, error) {
	target := c.base + path
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return nil, err
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if body != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	if resp.StatusCode < 300 || resp.StatusCode == http.StatusNotModified {
		return resp, nil
	}
	defer resp.Body.Close()
	se := &statusError{status: resp.StatusCode}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	var cb wire.ConflictBody
	if json.Unmarshal(b, &cb) == nil {
		se.body, se.head = cb.Error, cb.Head
	}
	return nil, se
}

// maxJSONBody bounds a JSON answer other than a read or a listing.
const maxJSONBody = 1 << 20

// retry runs attempt until it succeeds, fails for good (attempt says
// whether its error is worth another try), or RetryFor has passed, with a
// growing pause between attempts. Each attempt gets Timeout, so that a
// server that stops answering is tried again.
func (c *client) retry(ctx context.Context, attempt func(ctx context.Context) (again bool, err error)) error {
	deadline := time.Now().Add(c.o.RetryFor)
	for pause := 20 * time.Millisecond; ; pause = min(2*pause, time.Second) {
		actx, cancel := context.WithTimeout(ctx, c.o.Timeout)
		again, err := attempt(actx)
		cancel()
		switch {
		case err == nil:
			return nil
		case ctx.Err() != nil:
			return ctx.Err()
		case !again || time.Now().After(deadline) || !sleep(ctx, pause):
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
	}
}

// transient reports whether a request that failed with err, which changes
// nothing or sets a whole value, is worth sending again: the network
// failed (not for good, see permanent), or the server asks for a retry
// (429, 503) or a gateway in front of it failed (502, 504).
func transient(err error) bool {
	if se, ok := statusOf(err); ok {
		return se.transient()
	}
	return !permanent(err)
}

// sleep waits d or until ctx ends; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// getJSON GETs path and decodes the answer into v, retrying. A 404
// answer is returned as found false, without an error.
func (c *client) getJSON(ctx context.Context, path string, q url.Values, v any) (found bool, err error) {
	err = c.retry(ctx, func(ctx context.Context) (bool, error) {
		resp, err := c.send(ctx, http.MethodGet, path, q, nil, nil)
		if se, ok := statusOf(err); ok && se.status == http.StatusNotFound {
			found = false
			return false, nil
		}
		if err != nil {
			return transient(err), err
		}
		defer resp.Body.Close()
		found = true
		if err := json.NewDecoder(io.LimitReader(resp.Body, maxJSONBody)).Decode(v); err != nil {
			return true, fmt.Errorf("decoding the answer: %w", err)
		}
		return false, nil
	})
	return found, err
}
