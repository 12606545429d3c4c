package postgres_test

import (
	"testing"

	"github.com/sealstream/sealstream/adapter/postgres"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream/streamtest"
)

// Every store and keyring on one schema sees one truth.
func TestOneTruth(t *testing.T) { streamtest.Run(t, pgPlace) }

// pgPlace is one schema of the test server that several stores (as
// several processes would) and several keyrings open at once, its keysets
// in the schema's keysets table, each keyring through a blob store of its
// own.
func pgPlace(t *testing.T) streamtest.Place {
	_, u := freshSchema(t)
	return streamtest.AtURL(t, u, postgres.Open, func(t *testing.T) keyset.BlobStore { return newBlobStore(t, u) })
}
