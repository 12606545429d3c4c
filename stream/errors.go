package stream

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// streamError names a stream and an operation once, in front of an error
// from below (keys, adapters, the codec) that may have named the stream
// too: those mentions are dropped from the message.
type streamError struct {
	id, op string
	err    error
}

// wrap returns err as an error of operation op on stream id, or nil.
func wrap(id, op string, err error) error {
	if err == nil {
		return nil
	}
	var se *streamError
	if errors.As(err, &se) && se.id == id && se.op == op {
		return err
	}
	return &streamError{id: id, op: op, err: err}
}

func (e *streamError) Error() string {
	name := fmt.Sprintf("stream %q", e.id)
	msg := strings.ReplaceAll(e.err.Error(), name+": ", "")
	if e.op == "" || strings.HasPrefix(msg, e.op+": ") {
		return name + ": " + msg
	}
	return name + ": " + e.op + ": " + msg
}

func (e *streamError) Unwrap() error { return e.err }

// redact returns a store URL fit for a message: without its password and
// query, which may hold credentials.
func redact(raw string) string {
	if raw == "" {
		return "mem://"
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "(a URL that does not parse)"
	}
	if u.RawQuery != "" {
		u.RawQuery = "…"
	}
	u.Fragment, u.RawFragment = "", ""
	return u.Redacted()
}
