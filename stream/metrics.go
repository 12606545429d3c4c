package stream

import (
	"context"
	"time"

	"github.com/sealstream/sealstream/codec"
)

// Metrics describes a stream.
type Metrics struct {
	Version        uint64    // the stream's version: its last event's
	Count          uint64    // number of events (equal to Version)
	FirstTimestamp time.Time // time of the first event; zero when empty
	LastTimestamp  time.Time // time of the last event; zero when empty
	File           string    // backing file, for file-based adapters
	Bytes          int64     // storage the stream occupies
	AverageSize    int64     // Bytes per event, framing and sealing included; 0 when empty
	HeadHash       []byte    // hash of the last record; pin it to detect truncation
	// Recovered counts the torn tails this store cut from the stream's
	// file since it was opened (see Config.OnRecover).
	Recovered uint64
}

// Metrics returns the stream's metrics. Counts by type are not among them:
// they need a walk of the whole stream (fold.ByType over
// [Stream.State] gives them). It reads plaintext fields of the first and
// last records, which it first authenticates when the stream's keys are at
// hand ([sealstream.ErrDecrypt] or [sealstream.ErrIntegrity] for a forged
// head): it works without keys, also on a shredded stream, but then
// vouches for nothing.
func (s *Stream[S]) Metrics(ctx context.Context) (Metrics, error) {
	if err := s.check("metrics"); err != nil {
		return Metrics{}, err
	}
	hd, err := s.h.log().Head(ctx)
	if err != nil {
		return Metrics{}, wrap(s.h.id, "metrics", err)
	}
	if hd.Version > 0 {
		if err := s.h.authentic(ctx, &hd.Last); err != nil {
			return Metrics{}, wrap(s.h.id, "metrics", err)
		}
	}
	m := Metrics{Version: hd.Version, Count: hd.Version, File: hd.File, Bytes: hd.Bytes}
	s.h.store.rmu.Lock()
	m.Recovered = s.h.store.recovered[s.h.id]
	s.h.store.rmu.Unlock()
	if hd.Version > 0 {
		m.LastTimestamp = time.Unix(0, hd.Last.Time).UTC()
		m.HeadHash = codec.Hash(s.h.id, &hd.Last)
		m.AverageSize = hd.Bytes / int64(hd.Version)
		for r, err := range s.h.log().Read(ctx, 1) {
			if err != nil {
				return Metrics{}, wrap(s.h.id, "metrics", err)
			}
			m.FirstTimestamp = time.Unix(0, r.Time).UTC()
			break
		}
	}
	return m, nil
}
