package nats_test

import (
	"testing"

	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream/streamtest"
)

// Every store and keyring on one JetStream stream sees one truth.
func TestOneTruth(t *testing.T) { streamtest.Run(t, natsPlace) }

// natsPlace is one JetStream stream of an embedded server that several
// stores (as several processes would) and several keyrings open at once.
// There is no keyset store on NATS: the keyrings share one in-memory blob
// store.
func natsPlace(t *testing.T) streamtest.Place {
	blobs := keyset.NewMemStore()
	url := startServer(t, t.TempDir(), -1).ClientURL()
	return streamtest.AtURL(t, url, freshOptions().Open, func(*testing.T) keyset.BlobStore { return blobs })
}
