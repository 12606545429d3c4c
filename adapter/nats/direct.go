package nats

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Batch direct get limits per request.
const (
	directBatch    = 1000
	directMaxBytes = 1 << 20
)

// directGet is a batch request of the direct get API.
type directGet struct {
	Seq      uint64 `json:"seq"`
	NextFor  string `json:"next_by_subj"`
	Batch    int    `json:"batch"`
	MaxBytes int    `json:"max_bytes"`
}

// direct fetches the messages of subject from stream sequence seq on, up
// to one batch, with the batch direct get API: one request, any replica
// answers with the messages and an end-of-batch marker, no consumer is
// made. It reports whether the replica holds more after the batch. A
// timeout is an error, never a short read.
func (a *Adapter) direct(ctx context.Context, subject string, seq uint64) ([]stored, bool, error) {
	body, err := json.Marshal(directGet{Seq: seq, NextFor: subject, Batch: directBatch, MaxBytes: directMaxBytes})
	if err != nil {
		return nil, false, err
	}
	inbox := a.nc.NewRespInbox()
	sub, err := a.nc.SubscribeSync(inbox)
	if err != nil {
		return nil, false, err
	}
	defer func() { _ = sub.Unsubscribe() }()
	if err := a.nc.PublishRequest("$JS.API.DIRECT.GET."+a.o.Stream, inbox, body); err != nil {
		return nil, false, err
	}
	var out []stored
	for {
		m, err := sub.NextMsgWithContext(ctx)
		if err != nil {
			return nil, false, err
		}
		if status := m.Header.Get("Status"); status != "" && len(m.Data) == 0 {
			switch status {
			case "404":
				return out, false, nil
			case "204":
				pending, _ := strconv.ParseUint(m.Header.Get("Nats-Num-Pending"), 10, 64)
				return out, pending > 0, nil
			case "503":
				return nil, false, natsgo.ErrNoResponders
			}
			return nil, false, fmt.Errorf("nats: direct get: status %s %s", status, m.Header.Get("Description"))
		}
		s, err := strconv.ParseUint(serverHeader(m.Header, jetstream.SequenceHeader), 10, 64)
		if err != nil {
			return nil, false, fmt.Errorf("nats: direct get: bad sequence header: %w", err)
		}
		if cut := a.hooks.staleRead; cut != nil && s > cut() {
			return out, false, nil
		}
		out = append(out, stored{seq: s, subject: serverHeader(m.Header, jetstream.SubjectHeader), header: m.Header, data: m.Data})
	}
}

// serverHeader returns the value the server gave a header of a direct get
// answer: the last one, since the server appends its own after those the
// message was published with.
func serverHeader(h natsgo.Header, key string) string {
	if v := h.Values(key); len(v) > 0 {
		return v[len(v)-1]
	}
	return ""
}
