package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/sealstream/sealstream"
)

// eventJSON is an event as one JSON line: cat and tail write it, append
// reads it. A payload that is JSON is inlined under "data"; any other
// payload is base64 under "data_b64".
type eventJSON struct {
	Version  uint64            `json:"version,omitempty"`
	ID       string            `json:"id,omitempty"`
	Type     string            `json:"type"`
	Time     *time.Time        `json:"time,omitempty"`
	Metadata map[string]string `json:"metadata,omitempty"`
	Data     json.RawMessage   `json:"data,omitempty"`
	DataB64  string            `json:"data_b64,omitempty"`
}

// decodeEvent reads an event from one JSON line; the version, if any, is
// ignored: the stream assigns it. Errors never quote the line.
func decodeEvent(line []byte) (sealstream.Event, error) {
	var j eventJSON
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return sealstream.Event{}, fmt.Errorf("not a JSON event object (want type, data or data_b64, metadata, id, time): %s", jsonProblem(err))
	}
	if dec.More() {
		return sealstream.Event{}, fmt.Errorf("more than one JSON value on the line")
	}
	if j.Type == "" {
		return sealstream.Event{}, fmt.Errorf("the event has no type")
	}
	e := sealstream.Event{ID: j.ID, Type: j.Type, Metadata: j.Metadata}
	if j.Time != nil {
		e.Time = *j.Time
	}
	switch {
	case len(j.Data) > 0 && j.DataB64 != "":
		return e, fmt.Errorf("the event has both data and data_b64")
	case len(j.Data) > 0:
		e.Data = []byte(j.Data)
	case j.DataB64 != "":
		b, err := base64.StdEncoding.DecodeString(j.DataB64)
		if err != nil {
			return e, fmt.Errorf("data_b64 is not base64")
		}
		e.Data = b
	}
	return e, nil
}

// jsonProblem describes a decoding error without quoting the input.
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("syntax error at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("field %q has the wrong type", typ.Field)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the line ends inside the JSON value"
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return strings.TrimPrefix(err.Error(), "json: ")
	}
	return "malformed"
}
