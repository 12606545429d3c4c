package fold

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/samber/mo"
	"github.com/sealstream/sealstream"
)

// ErrPayload is the error of a [JSON] fold state when a payload does not
// decode into the expected type.
var ErrPayload = errors.New("fold: payload does not decode")

// JSON returns a fold over events whose Data holds JSON of type T. Its state
// is a [mo.Result]: start it from mo.Ok(initial). The first payload that does
// not decode turns the state into an error naming the event's version and
// type (never its payload); later events leave an error state unchanged.
func JSON[T, S any](f func(state S, payload T, e sealstream.Event) S) Fold[mo.Result[S]] {
	return func(r mo.Result[S], e sealstream.Event) mo.Result[S] {
		s, err := r.Get()
		if err != nil {
			return r
		}
		var payload T
		if err := json.Unmarshal(e.Data, &payload); err != nil {
			return mo.Err[S](fmt.Errorf("event %d (%s) as %T: %w", e.Version, e.Type, payload, ErrPayload))
		}
		return mo.Ok(f(s, payload, e))
	}
}
