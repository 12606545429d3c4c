package main

import (
	"context"
	"encoding/json"
	"flag"
	"log"
	"os"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/kg"
	"github.com/sealstream/sealstream/stream"
)

// rules say which facts each event type states.
const rules = `
Moved:          person -lives at-> address($.to)
Moved:          retract person -lives at-> address($.from?)
PolicyBought:   person -holds-> policy($.policy) -issued by-> provider($.insurer), policy($.policy) -covers-> address($.covers)
CarInsured:     person -holds-> policy($.policy) -issued by-> provider($.insurer), policy($.policy) -covers-> car($.car)
PolicyMoved:    policy($.policy) -covers-> address($.to)
PolicyMoved:    retract policy($.policy) -covers-> address($.from)
ClaimFiled:     person -filed-> claim($.claim) -on-> policy($.policy)
ClaimPaid:      provider($.insurer) -paid-> claim($.claim)
AccountOpened:  person -owns-> account($.account) -held at-> provider($.bank)
Subscribed:     person -subscribes to-> subscription($.service) -provided by-> provider($.provider), subscription($.service) -paid from-> account($.account)
Subscribed:     subscription($.service) -delivered to-> address($.address)
Unsubscribed:   retract subscription($.service)
`

// life is the story, in the order it happened.
var life = []struct {
	typ     string
	payload map[string]string
}{
	{"Moved", map[string]string{"to": "12 Rose Lane"}},
	{"AccountOpened", map[string]string{"account": "FR76 3000", "bank": "Green Bank"}},
	{"PolicyBought", map[string]string{"policy": "home-42", "insurer": "Acme Insurance", "covers": "12 Rose Lane"}},
	{"CarInsured", map[string]string{"policy": "car-7", "insurer": "Acme Insurance", "car": "AB-123-CD"}},
	{"Subscribed", map[string]string{"service": "Daily News", "provider": "News Corp", "account": "FR76 3000", "address": "12 Rose Lane"}},
	{"Subscribed", map[string]string{"service": "City Gym", "provider": "FitCo", "account": "FR76 3000", "address": "12 Rose Lane"}},
	{"ClaimFiled", map[string]string{"claim": "c-1001", "policy": "home-42", "what": "storm damage to the roof"}},
	{"ClaimPaid", map[string]string{"claim": "c-1001", "insurer": "Acme Insurance"}},
	{"Moved", map[string]string{"from": "12 Rose Lane", "to": "3 Harbour Street"}},
	{"PolicyMoved", map[string]string{"policy": "home-42", "from": "12 Rose Lane", "to": "3 Harbour Street"}},
	{"Subscribed", map[string]string{"service": "Electricity", "provider": "Volt Energy", "account": "FR76 3000", "address": "3 Harbour Street"}},
	{"Unsubscribed", map[string]string{"service": "City Gym"}},
}

func main() {
	out := flag.String("out", ".", "write lifegraph.dot, .svg and .png into `DIR`")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := run(ctx, os.Stdout, *out); err != nil {
		log.Fatal(err)
	}
}

// build appends the story to a stream whose state is the graph, and
// returns that state.
func build(ctx context.Context) (*kg.Graph, error) {
	rs, err := kg.ParseRules(rules)
	if err != nil {
		return nil, err
	}
	store, err := stream.NewStore(ctx, stream.Config{Keys: keyset.NewMemory()})
	if err != nil {
		return nil, err
	}
	defer store.Close()
	s, err := stream.Open(ctx, store, "user-123", kg.Fold(rs.Extract), kg.New())
	if err != nil {
		return nil, err
	}
	defer s.Close()
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var events []sealstream.Event
	for i, step := range life {
		data, err := json.Marshal(step.payload)
		if err != nil {
			return nil, err
		}
		events = append(events, sealstream.Event{Type: step.typ, Data: data, Time: start.AddDate(0, i, 0)})
	}
	if _, err := s.Append(ctx, events, stream.ExpectVersion(0)); err != nil {
		return nil, err
	}
	return s.State(ctx)
}
