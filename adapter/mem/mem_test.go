package mem_test

import (
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/mem"
)

func TestConformance(t *testing.T) {
	adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return mem.New() })
}
