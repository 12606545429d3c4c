package main

import (
	"context"
	"fmt"
	"time"

	"github.com/hallgren/eventsourcing/core"
	"github.com/hallgren/eventsourcing/eventstore/memory"
)

// peerType is the aggregate type of every peer event.
const peerType = "Bench"

// coreBatch fills batch with events of aggregate id from version next on,
// all carrying data, and returns the version after them.
func coreBatch(batch []core.Event, id string, next core.Version, data []byte) core.Version {
	now := time.Now().UTC()
	for i := range batch {
		batch[i] = core.Event{AggregateID: id, Version: next, AggregateType: peerType, Timestamp: now,
			Reason: eventType, Data: data}
		next++
	}
	return next
}

// saveLoop measures es.Save with per events per call on a fresh aggregate.
func saveLoop(o options, es core.EventStore, id string, per int) (int, time.Duration, error) {
	data := payload(o.payload)
	batch := make([]core.Event, per)
	next := core.Version(1)
	return timeBox(o.dur, max(o.maxEv/per, 1), func(k int) error {
		for range k {
			next = coreBatch(batch, id, next, data)
			if err := es.Save(batch); err != nil {
				return err
			}
		}
		return nil
	})
}

// fillCore saves n events to aggregate id in batches, from version 1.
func fillCore(es core.EventStore, id string, n int, data []byte) error {
	batch := make([]core.Event, loadBatch)
	next := core.Version(1)
	for done := 0; done < n; done += loadBatch {
		b := batch[:min(loadBatch, n-done)]
		next = coreBatch(b, id, next, data)
		if err := es.Save(b); err != nil {
			return err
		}
	}
	return nil
}

// countCore reads every event of aggregate id and returns how many there are.
func countCore(ctx context.Context, es core.EventStore, id string) (int, error) {
	it, err := es.Get(ctx, id, peerType, 0)
	if err != nil {
		return 0, err
	}
	defer it.Close()
	n := 0
	for it.Next() {
		if _, err := it.Value(); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// hallgrenSection measures hallgren/eventsourcing's in-memory store with
// core events: the store alone, payloads handed over as bytes.
func hallgrenSection(ctx context.Context, o options, r *report) error {
	const sec = "hallgren memory"
	for _, per := range []int{1, 100} {
		calls, el, err := saveLoop(o, memory.Create(), fmt.Sprintf("save-%d", per), per)
		if err != nil {
			return fmt.Errorf("bench: %s: save %d per call: %w", sec, per, err)
		}
		r.add(rate(fmt.Sprintf("hallgren.save%d", per), sec, fmt.Sprintf("Save, %d event%s per call", per, plural(per)), per, calls, el))
	}
	es := memory.Create()
	if err := fillCore(es, "replay", o.n, payload(o.payload)); err != nil {
		return fmt.Errorf("bench: %s: fill: %w", sec, err)
	}
	el, grew, err := measured(o.n, func() (int, error) { return countCore(ctx, es, "replay") })
	if err != nil {
		return fmt.Errorf("bench: %s: replay: %w", sec, err)
	}
	r.add(replayRow("hallgren.get", sec, "Get + iterate N", o.n, el))
	r.add(heapRow("hallgren.heap", sec, "peak heap growth during Get + iterate", grew))
	return nil
}

// replayRow returns the throughput row of reading n events in el.
func replayRow(key, section, name string, n int, el time.Duration) row {
	return row{key: key, section: section, name: name, value: float64(n) / el.Seconds(), unit: perSec,
		detail: fmt.Sprintf("%s events in %s", itoa(n), fmtDur(el))}
}
