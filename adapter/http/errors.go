package httpadapter

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
)

// Errors of the server's answers that have no sentinel in the root
// package.
var (
	// ErrNotFound is returned for a stream or blob the token does not
	// reach: outside its scope, or a blob namespace it does not have. The
	// server gives the same answer whether such a stream exists or not.
	ErrNotFound = errors.New("httpadapter: not found or out of the token's scope")
	// ErrUnauthorized is returned when the server refuses the token:
	// missing, unknown or expired.
	ErrUnauthorized = errors.New("httpadapter: token refused")
	// ErrForbidden is returned when the token reaches the stream or blob
	// but lacks the right (read or write) the call needs.
	ErrForbidden = errors.New("httpadapter: token lacks the right")
)

// statusError is an error answer of the server.
type statusError struct {
	status int
	body   wire.Error
	head   uint64 // the true head, for a conflict
}

// Error shows the status and the server's message.
func (e *statusError) Error() string {
	msg := e.body.Message
	if msg == "" {
		msg = http.StatusText(e.status)
	}
	return fmt.Sprintf("server answered %d: %s", e.status, msg)
}

// Unwrap maps the answer to the sentinel it stands for.
func (e *statusError) Unwrap() error {
	if s := wire.Sentinel(e.body.Code); s != nil {
		return s
	}
	switch e.status {
	case http.StatusNotFound:
		return ErrNotFound
	case http.StatusUnauthorized:
		return ErrUnauthorized
	case http.StatusForbidden:
		return ErrForbidden
	case http.StatusRequestEntityTooLarge:
		return sealstream.ErrTooLarge
	case http.StatusConflict:
		return sealstream.ErrConflict
	case http.StatusBadRequest:
		return sealstream.ErrInvalidArgument
	}
	return nil
}

// transient reports whether the server did not handle the request and
// asks for a retry (429, 503), or a gateway failed in front of it (502,
// 504), in which case a request that changes something has an unknown
// outcome.
func (e *statusError) transient() bool {
	switch e.status {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusBadGateway, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// unhandled reports whether the server itself says it did not handle the
// request, so that even an append can be sent again.
func (e *statusError) unhandled() bool {
	return e.status == http.StatusTooManyRequests || (e.status == http.StatusServiceUnavailable && e.body.Code != "")
}

// permanent reports whether a request that failed with err, a transport
// error, fails again whatever the server does: the server's certificate
// is not trusted. Such a request failed in the TLS handshake, before it
// was sent.
func permanent(err error) bool {
	var verify *tls.CertificateVerificationError
	return errors.As(err, &verify)
}

func statusOf(err error) (*statusError, bool) {
	var se *statusError
	ok := errors.As(err, &se)
	return se, ok
}
