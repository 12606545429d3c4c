package sealstream

import (
	"encoding/json"
	"fmt"
)

// JSON returns an event of type typ whose Data is v as JSON, so that an
// append needs no marshalling of its own:
//
//	e, err := sealstream.JSON("ClaimFiled", Claim{Policy: "home-42"})
//
// An error names the type, never the value.
func JSON(typ string, v any) (Event, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return Event{}, fmt.Errorf("sealstream: event %q: data does not marshal to JSON: %w", typ, ErrInvalidEvent)
	}
	return Event{Type: typ, Data: data}, nil
}

// Decode returns e's Data unmarshalled from JSON into a T: the counterpart
// of [JSON] for reading. A payload that is not a T is an error matching
// [ErrCorrupt] that names the event, never the payload.
func Decode[T any](e Event) (T, error) {
	var v T
	if err := json.Unmarshal(e.Data, &v); err != nil {
		return v, fmt.Errorf("sealstream: event %q at version %d: data is not the JSON of a %T: %w", e.Type, e.Version, v, ErrCorrupt)
	}
	return v, nil
}
