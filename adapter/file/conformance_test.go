package file_test

import (
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
)

func TestConformance(t *testing.T) {
	adaptertest.Run(t, func(t *testing.T) adapter.Adapter {
		return openAdapter(t, t.TempDir(), nil)
	})
}

func TestConformanceWithoutWatcher(t *testing.T) {
	adaptertest.Run(t, func(t *testing.T) adapter.Adapter {
		return openAdapter(t, t.TempDir(), quiet())
	})
}
