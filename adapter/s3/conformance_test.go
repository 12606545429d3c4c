package s3_test

import (
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/s3"
)

// TestConformance runs the adapter conformance suite against the test
// server with the default options.
func TestConformance(t *testing.T) {
	adaptertest.Run(t, func(t *testing.T) adapter.Adapter {
		return openAdapter(t, freshURL(t), s3.Options{})
	})
}

// TestConformanceHintEveryCommitSmallSegments runs the suite with a hint
// on every commit and segments of two commits, the other extreme of the
// options.
func TestConformanceHintEveryCommitSmallSegments(t *testing.T) {
	adaptertest.Run(t, func(t *testing.T) adapter.Adapter {
		return openAdapter(t, freshURL(t), s3.Options{HintEvery: 1, SegmentCommits: 2})
	})
}
