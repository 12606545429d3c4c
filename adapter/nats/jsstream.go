package nats

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// streamConfig is the JetStream stream the adapter creates: file storage,
// every record kept (no limits, and new writes refused rather than old
// ones dropped should an operator add limits), records immutable (no
// delete of a message), direct gets for reads and atomic batches for
// appends. Purges are allowed, for Erase alone (the adapter purges
// nothing else): once a JetStream stream denies purges, it can never
// allow them again.
//
// Durability also depends on the server: run it with sync_interval: always
// (server option SyncAlways), or an acknowledged write may sit in the page
// cache for up to two minutes; JetStream's default lost acknowledged writes
// under power loss (Jepsen, 2025).
func (a *Adapter) streamConfig() jetstream.StreamConfig {
	return jetstream.StreamConfig{
		Name:               a.o.Stream,
		Description:        "sealstream event streams",
		Subjects:           []string{a.o.SubjectPrefix + ".*"},
		Storage:            jetstream.FileStorage,
		Replicas:           a.o.Replicas,
		Retention:          jetstream.LimitsPolicy,
		Discard:            jetstream.DiscardNew,
		MaxMsgs:            -1,
		MaxBytes:           -1,
		MaxMsgsPerSubject:  -1,
		Duplicates:         2 * time.Minute,
		DenyDelete:         true,
		DenyPurge:          false, // Erase purges a stream's subject
		AllowDirect:        true,
		AllowAtomicPublish: true,
	}
}

// ensureStream creates the JetStream stream or checks an existing one,
// turning on the features the adapter needs when they are off (direct
// gets, atomic batches, no deletes of a message) and refusing limits that
// would drop stored records. It leaves deny_purge as it is: a stream that
// denies purges can hold no erasable stream. It returns the stream's
// message size limit.
func (a *Adapter) ensureStream(ctx context.Context) (int64, error) {
	want := a.streamConfig()
	var s jetstream.Stream
	err := a.retry(ctx, func(ctx context.Context) (err error) {
		s, err = a.js.CreateStream(ctx, want)
		if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
			s, err = a.js.Stream(ctx, want.Name)
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("nats: stream %s: %w", want.Name, err)
	}
	cfg := s.CachedInfo().Config
	switch {
	case cfg.Storage != jetstream.FileStorage:
		return 0, fmt.Errorf("nats: stream %s uses memory storage, want file storage", cfg.Name)
	case cfg.Sealed:
		return 0, fmt.Errorf("nats: stream %s is sealed", cfg.Name)
	case cfg.Retention != jetstream.LimitsPolicy:
		return 0, fmt.Errorf("nats: stream %s has retention %v, want limits", cfg.Name, cfg.Retention)
	case dropsRecords(cfg):
		return 0, fmt.Errorf("nats: stream %s may drop records (an age limit, or a count or size limit that discards old messages); want none", cfg.Name)
	}
	if !cfg.AllowDirect || !cfg.AllowAtomicPublish || !cfg.DenyDelete || !slices.Contains(cfg.Subjects, want.Subjects[0]) {
		cfg.AllowDirect, cfg.AllowAtomicPublish, cfg.DenyDelete = true, true, true
		if !slices.Contains(cfg.Subjects, want.Subjects[0]) {
			cfg.Subjects = append(cfg.Subjects, want.Subjects[0])
		}
		if err := a.retry(ctx, func(ctx context.Context) (err error) {
			_, err = a.js.UpdateStream(ctx, cfg)
			return err
		}); err != nil {
			return 0, fmt.Errorf("nats: update stream %s: %w", cfg.Name, err)
		}
	}
	if cfg.MaxMsgSize > 0 {
		return int64(cfg.MaxMsgSize), nil
	}
	return math.MaxInt64, nil
}

// dropsRecords reports whether an existing stream's limits could remove
// stored records: records must only ever be refused, never expired.
func dropsRecords(cfg jetstream.StreamConfig) bool {
	limited := cfg.MaxMsgs > 0 || cfg.MaxBytes > 0 || cfg.MaxMsgsPerSubject > 0
	return cfg.MaxAge > 0 || (limited && cfg.Discard != jetstream.DiscardNew)
}
