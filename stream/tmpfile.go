package stream

import (
	"context"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
)

func openFileURL(ctx context.Context, raw string) (adapter.Adapter, error) {
	return nil, sealstream.ErrUnsupportedURL
}
