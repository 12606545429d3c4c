package stream_test

import (
	"testing"

	"github.com/sealstream/sealstream/stream/streamtest"
)

// Every store and keyring on one location, in memory and on files, sees
// one truth.
func TestOneTruth(t *testing.T) {
	for _, c := range []struct {
		name     string
		newPlace func(*testing.T) place
	}{{"mem", memPlace}, {"file", filePlace}} {
		t.Run(c.name, func(t *testing.T) {
			streamtest.Run(t, func(t *testing.T) streamtest.Place { return c.newPlace(t).Place })
		})
	}
}
