package main

import (
	"context"
	"fmt"
	"log"

	"github.com/samber/mo"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// doctor seals one event to a doctor's identity only: the stream-key
// holder's folds skip it, the doctor reads it.
func doctor(ctx context.Context, store *stream.Store, s *stream.Stream[mo.Result[life]]) {
	dr, err := keyset.NewIdentity("dr-ada")
	if err != nil {
		log.Fatal(err)
	}
	if err := store.Keyring().SaveIdentity(ctx, dr); err != nil { // on the doctor's device, in practice
		log.Fatal(err)
	}
	to, err := dr.Recipient() // what the doctor exports and hands over
	if err != nil {
		log.Fatal(err)
	}
	note := event("Diagnosis", map[string]string{"note": "sprained ankle"}, nil)
	if _, err := s.Append(ctx, []sealstream.Event{note}, stream.To(to)); err != nil {
		log.Fatal(err)
	}
	for e, err := range s.Read(ctx, stream.As("dr-ada"), stream.Where([]string{"Diagnosis"}, nil)) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("the doctor reads v%d %s: %s\n", e.Version, e.Type, e.Data)
	}
}
