package props_test

import (
	"bytes"
	"maps"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/sealstream/sealstream/codec"
)

// genRecord draws records from small alphabets, so that fields often
// collide or split differently, which is what injectivity must survive.
func genRecord() gopter.Gen {
	small := gen.OneConstOf("", "a", "ab", "b", "\x00", "a\x01b")
	return gopter.CombineGens(
		gen.UInt64Range(0, 3), small, small, gen.Int64Range(-2, 2),
		gen.MapOf(small, small), gen.OneConstOf("", "p", "pq"), gen.SliceOfN(3, gen.UInt8()),
	).Map(func(v []any) codec.Record {
		r := codec.Record{Version: v[0].(uint64), ID: v[1].(string), Type: v[2].(string), Time: v[3].(int64),
			Metadata: v[4].(map[string]string), Payload: v[6].([]uint8)}
		if p := v[5].(string); p != "" {
			r.Prev = []byte(p)
		}
		if len(r.Payload) == 0 {
			r.Payload = nil
		}
		return r
	})
}

func TestCodecLaws(t *testing.T) {
	props := properties(t, *cases)
	props.Property("decode(encode(r)) == r", prop.ForAll(func(r codec.Record) bool {
		b, err := r.MarshalBinary()
		var back codec.Record
		return err == nil && back.UnmarshalBinary(b) == nil && back.Equal(r)
	}, genRecord()))
	props.Property("AD bytes are injective over (stream, version, ID, type, time, metadata, prev)", prop.ForAll(
		func(s1, s2 string, r1, r2 codec.Record) bool {
			same := s1 == s2 && r1.Version == r2.Version && r1.ID == r2.ID && r1.Type == r2.Type &&
				r1.Time == r2.Time && maps.Equal(r1.Metadata, r2.Metadata) && bytes.Equal(r1.Prev, r2.Prev)
			return bytes.Equal(codec.AD(nil, s1, &r1), codec.AD(nil, s2, &r2)) == same
		}, gen.OneConstOf("s", "s1", ""), gen.OneConstOf("s", "s1", ""), genRecord(), genRecord()))
	props.TestingRun(t)
}
