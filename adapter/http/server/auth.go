package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
	"time"
)

// grant is an accepted token: its entry, its digest and its limits.
type grant struct {
	Token
	sum     [32]byte
	busy    chan struct{} // one slot per request in flight, watches aside
	watches chan struct{} // one slot per open watch
}

func newGrant(t Token, o *Options) (*grant, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	sum, _ := t.digest()
	return &grant{Token: t, sum: sum,
		busy: make(chan struct{}, o.MaxInFlight), watches: make(chan struct{}, o.MaxWatches)}, nil
}

// authenticate returns the grant of r's bearer token, or nil when r has
// none, an unknown one or an expired one. It hashes the token and compares
// the digest with every grant's in constant time, whichever matches.
func (s *Server) authenticate(r *http.Request) *grant {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return nil
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(tok)))
	var found *grant
	for _, g := range s.grants {
		if subtle.ConstantTimeCompare(sum[:], g.sum[:]) == 1 {
			found = g
		}
	}
	if found == nil || (!found.Expires.IsZero() && !time.Now().Before(found.Expires)) {
		return nil
	}
	return found
}

// acquire takes one of g's slots, for a watch or another request, and
// returns its release; false when all are taken.
func (g *grant) acquire(watch bool) (func(), bool) {
	slots := g.busy
	if watch {
		slots = g.watches
	}
	select {
	case slots <- struct{}{}:
		return func() { <-slots }, true
	default:
		return nil, false
	}
}

// reaches reports whether the stream id is in g's scope.
func (g *grant) reaches(id string) bool { return strings.HasPrefix(id, g.Prefix) }

// may reports whether g has the right to write (or else to read).
func (g *grant) may(write bool) bool {
	if write {
		return g.Write
	}
	return g.Read
}

// listPrefix returns the prefix to list the backend with for a request
// for prefix, and false when no stream in g's scope starts with it.
func (g *grant) listPrefix(prefix string) (string, bool) {
	switch {
	case strings.HasPrefix(prefix, g.Prefix):
		return prefix, true
	case strings.HasPrefix(g.Prefix, prefix):
		return g.Prefix, true
	}
	return "", false
}
