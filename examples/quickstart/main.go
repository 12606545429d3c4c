// Command quickstart opens an encrypted file store under a passphrase (in a
// temporary directory it removes at the end), appends a few life events,
// watches a fold over them, seals one event to a doctor, shows a refused
// append, searches, verifies and prints the metrics.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/samber/mo"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// life is the state folded from a user's events.
type life struct {
	OpenClaims    int
	Subscriptions []string
	MonthlyCents  int
}

type claim struct{ Policy, What string }
type subscription struct {
	Service string
	Cents   int
}

// lifeFold dispatches by type; payloads are typed JSON and a decode error
// becomes the state's error.
func lifeFold() fold.Fold[mo.Result[life]] {
	return fold.ByType(map[string]fold.Fold[mo.Result[life]]{
		"ClaimFiled": fold.JSON(func(l life, _ claim, _ sealstream.Event) life { l.OpenClaims++; return l }),
		"ClaimPaid":  fold.JSON(func(l life, _ claim, _ sealstream.Event) life { l.OpenClaims--; return l }),
		"Subscribed": fold.JSON(func(l life, s subscription, _ sealstream.Event) life {
			l.Subscriptions = append(l.Subscriptions[:len(l.Subscriptions):len(l.Subscriptions)], s.Service)
			l.MonthlyCents += s.Cents
			return l
		}),
	})
}

func event(typ string, payload any, meta map[string]string) sealstream.Event {
	e, err := sealstream.JSON(typ, payload)
	if err != nil {
		log.Fatal(err)
	}
	e.Metadata = meta
	return e
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dir, err := os.MkdirTemp("", "quickstart-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	app, err := keyset.NewIdentity("app") // signs events sealed to recipients
	if err != nil {
		log.Fatal(err)
	}
	store, err := stream.NewStore(ctx, stream.Config{URL: "file://" + filepath.ToSlash(dir),
		Key: []byte("correct horse battery staple"), Writer: app, CacheSize: 50})
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	s, err := stream.Open(ctx, store, "user-123", lifeFold(), mo.Ok(life{}))
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	v, err := s.Append(ctx, []sealstream.Event{
		event("ClaimFiled", claim{"home-42", "storm damage to the roof"}, map[string]string{"policy": "home-42"}),
		event("Subscribed", subscription{"newspaper", 1299}, map[string]string{"category": "media"}),
	}, stream.ExpectVersion(0))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("appended 2 events, stream at version %d\n", v)

	watchCtx, stopWatching := context.WithCancel(ctx)
	live := []sealstream.Event{
		event("Subscribed", subscription{"gym", 3900}, map[string]string{"category": "health"}),
		event("ClaimPaid", claim{"home-42", "roof repaired"}, map[string]string{"policy": "home-42"}),
	}
	last := v + uint64(len(live))                        // the version the last live event gets
	for st, err := range s.Follow(watchCtx, s.Start()) { // ReadAndWatch, with versions
		if err != nil {
			break // the watch ends with context.Canceled once we stop it
		}
		l, ferr := st.State.Get()
		if ferr != nil {
			log.Fatal(ferr)
		}
		fmt.Printf("state: %d open claim(s), subscriptions %v, %.2f/month\n",
			l.OpenClaims, l.Subscriptions, float64(l.MonthlyCents)/100)
		if st.Version == last {
			stopWatching()
			continue
		}
		if len(live) > 0 {
			if _, err := s.Append(ctx, live[:1]); err != nil { // arrives live in this loop
				log.Fatal(err)
			}
			live = live[1:]
		}
	}
	stopWatching()

	doctor(ctx, store, s)
	if _, err := s.Append(ctx, live, stream.ExpectVersion(2)); errors.Is(err, sealstream.ErrConflict) {
		fmt.Println("refused:", err) // another writer moved on: re-read, then retry
	}

	found, err := s.Search(ctx, func(e sealstream.Event) bool { return strings.Contains(string(e.Data), "roof") },
		stream.Where(nil, map[string]string{"policy": "home-42"}))
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range found {
		fmt.Printf("found v%d %s: %s\n", e.Version, e.Type, e.Data)
	}
	if err := s.Verify(ctx); err != nil {
		log.Fatal(err)
	}
	fmt.Println("verified: every record authenticates and chains to the one before")
	m, err := s.Metrics(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("metrics: version %d, %d events, %d bytes sealed, last at %s, head %x…\n",
		m.Version, m.Count, m.Bytes, m.LastTimestamp.Format(time.RFC3339), m.HeadHash[:6])
}
