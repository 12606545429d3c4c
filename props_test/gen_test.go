package props_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/sealstream/sealstream"
)

// event is a comparable summary of a sealstream.Event.
type event struct {
	V              uint64
	ID, Type, Data string
	Meta           string
}

func summary(e sealstream.Event) event {
	keys := slices.Sorted(maps.Keys(e.Metadata))
	var meta strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&meta, "%q=%q;", k, e.Metadata[k])
	}
	return event{V: e.Version, ID: e.ID, Type: e.Type, Data: string(e.Data), Meta: meta.String()}
}

// record is the fold under test: it keeps a summary of every event.
func record(s []event, e sealstream.Event) []event {
	return append(s[:len(s):len(s)], summary(e))
}

// genEvent generates events of a few types with small payloads and
// metadata, without IDs (Append assigns them).
func genEvent() gopter.Gen {
	return gopter.CombineGens(
		gen.OneConstOf("Filed", "Paid", "Moved"),
		gen.SliceOfN(24, gen.UInt8()).Map(func(b []uint8) []byte { return b }),
		gen.MapOf(gen.OneConstOf("policy", "city"), gen.OneConstOf("home", "car", "Lyon")),
	).Map(func(v []any) sealstream.Event {
		m := v[2].(map[string]string)
		if len(m) == 0 {
			m = nil
		}
		return sealstream.Event{Type: v[0].(string), Data: v[1].([]byte), Metadata: m}
	})
}

// batching is a list of events cut into batches.
type batching struct {
	Events []sealstream.Event
	Sizes  []int
}

// batches returns the events cut by the sizes; the rest forms a last batch.
func (b batching) batches() [][]sealstream.Event {
	var out [][]sealstream.Event
	rest := b.Events
	for _, n := range b.Sizes {
		if len(rest) == 0 {
			break
		}
		n = min(n, len(rest))
		out, rest = append(out, rest[:n]), rest[n:]
	}
	if len(rest) > 0 {
		out = append(out, rest)
	}
	return out
}

func genBatching() gopter.Gen {
	return gopter.CombineGens(gen.SliceOf(genEvent()), gen.SliceOf(gen.IntRange(1, 5))).
		Map(func(v []any) batching {
			return batching{Events: v[0].([]sealstream.Event), Sizes: v[1].([]int)}
		})
}

func (b batching) String() string {
	return fmt.Sprintf("%d events in batches %v", len(b.Events), b.Sizes)
}
