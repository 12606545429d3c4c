package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/hallgren/eventsourcing"
	"github.com/hallgren/eventsourcing/aggregate"
	"github.com/hallgren/eventsourcing/eventstore/memory"
)

// Journal is the peer's aggregate: it counts its Noted events, like the
// count fold sealstream replays with.
type Journal struct {
	aggregate.Root
	Count int
}

// Noted is the peer's event; its 200-character Text is serialized as JSON.
type Noted struct{ Text string }

// Register tells the peer's registry which events Journal has.
func (j *Journal) Register(f aggregate.RegisterFunc) { f(&Noted{}) }

// Transition folds one event into the journal.
func (j *Journal) Transition(e eventsourcing.Event) {
	if _, ok := e.Data().(*Noted); ok {
		j.Count++
	}
}

var registerJournal = sync.OnceFunc(func() { aggregate.Register(&Journal{}) })

// newJournal returns an empty journal with the given ID.
func newJournal(id string) (*Journal, error) {
	j := &Journal{}
	return j, j.SetID(id)
}

// note tracks k Noted events on j and saves them in one call.
func note(es *memory.Memory, j *Journal, k int, text string) error {
	for range k {
		aggregate.TrackChange(j, &Noted{Text: text})
	}
	return aggregate.Save(es, j)
}

// aggregateSection measures hallgren/eventsourcing's aggregate API on its
// in-memory store, events serialized as JSON: saving 1 and 100 events per
// call, and loading an aggregate of N events.
func aggregateSection(ctx context.Context, o options, r *report) error {
	const sec = "hallgren aggregate"
	registerJournal()
	text := string(payload(o.payload))
	for _, per := range []int{1, 100} {
		es := memory.Create()
		j, err := newJournal(fmt.Sprintf("save-%d", per))
		if err != nil {
			return fmt.Errorf("bench: %s: %w", sec, err)
		}
		calls, el, err := timeBox(o.dur, max(o.maxEv/per, 1), func(k int) error {
			for range k {
				if err := note(es, j, per, text); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("bench: %s: save %d per call: %w", sec, per, err)
		}
		r.add(rate(fmt.Sprintf("aggregate.save%d", per), sec, fmt.Sprintf("save aggregate, %d event%s per call", per, plural(per)), per, calls, el))
	}
	es := memory.Create()
	j, err := newJournal("replay")
	if err != nil {
		return fmt.Errorf("bench: %s: %w", sec, err)
	}
	for done := 0; done < o.n; done += loadBatch {
		if err := note(es, j, min(loadBatch, o.n-done), text); err != nil {
			return fmt.Errorf("bench: %s: fill: %w", sec, err)
		}
	}
	el, grew, err := measured(o.n, func() (int, error) {
		var got Journal
		err := aggregate.Load(ctx, es, "replay", &got)
		return got.Count, err
	})
	if err != nil {
		return fmt.Errorf("bench: %s: load: %w", sec, err)
	}
	r.add(replayRow("aggregate.load", sec, "load aggregate of N events", o.n, el))
	r.add(heapRow("aggregate.heap", sec, "peak heap growth during the load", grew))
	return nil
}
