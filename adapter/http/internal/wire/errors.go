package wire

import (
	"errors"

	"github.com/sealstream/sealstream"
)

// Error is the body of every error answer, and the error of a closing line.
type Error struct {
	Message string `json:"error,omitempty"`
	Code    string `json:"code,omitempty"`
}

// ConflictBody answers an append at a head that is not the log's: it
// carries the true head.
type ConflictBody struct {
	Error
	Head uint64 `json:"head"`
}

// Codes of Error, each with its HTTP status.
const (
	CodeNotFound      = "not_found"      // 404: missing, or outside the token's scope
	CodeUnauthorized  = "unauthorized"   // 401: no token, an unknown or an expired one
	CodeForbidden     = "forbidden"      // 403: in scope, but without the right
	CodeConflict      = "conflict"       // 409: the head is not the expected one
	CodeExists        = "exists"         // 412: create of a blob name that is taken
	CodeInvalid       = "invalid"        // 400: malformed request or record
	CodeInvalidStream = "invalid_stream" // 400: a stream ID the stream package refuses
	CodeTooLarge      = "too_large"      // 413: over a size or count limit
	CodeTooMany       = "too_many"       // 429: over the token's concurrency
	CodeUnavailable   = "unavailable"    // 503: shutting down, or the stream is being erased
	CodeCorrupt       = "corrupt"        // 500: stored bytes the server cannot decode
	CodeIntegrity     = "integrity"      // 500: stored versions out of order
	CodeInternal      = "internal"       // 500: any other failure
	CodeUnsupported   = "unsupported"    // 501: the server's storage lacks the feature
)

// NotFound is the one body of every 404 answer.
var NotFound = Error{Message: "not found", Code: CodeNotFound}

// sentinels maps codes to the errors they stand for: the root package's,
// and errors.ErrUnsupported.
var sentinels = map[string]error{
	CodeConflict:      sealstream.ErrConflict,
	CodeInvalid:       sealstream.ErrInvalidEvent,
	CodeInvalidStream: sealstream.ErrInvalidStreamID,
	CodeTooLarge:      sealstream.ErrTooLarge,
	CodeCorrupt:       sealstream.ErrCorrupt,
	CodeIntegrity:     sealstream.ErrIntegrity,
	CodeUnsupported:   errors.ErrUnsupported,
}

// Sentinel returns the error code stands for, or nil.
func Sentinel(code string) error { return sentinels[code] }

// CodeOf returns the code of the root package's sentinel err matches, or
// CodeInternal.
func CodeOf(err error) string {
	for _, c := range []string{CodeConflict, CodeInvalidStream, CodeInvalid, CodeTooLarge, CodeCorrupt, CodeIntegrity} {
		if errors.Is(err, sentinels[c]) {
			return c
		}
	}
	return CodeInternal
}
