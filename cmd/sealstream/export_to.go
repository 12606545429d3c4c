package main

import (
	"context"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// exportTo writes the archive of stream id re-sealed to identity to: each
// event is opened, then sealed again to that recipient alone in a fresh
// in-memory stream signed by the --writer identity, whose records and
// checkpoint make the archive. Events the exporter cannot read fail it.
func (a *app) exportTo(ctx context.Context, src *stream.Stream[int], id, to string) error {
	rs, err := a.recipients(ctx, []string{to})
	if err != nil {
		return err
	}
	m := mem.New()
	opener := func(context.Context, string) (adapter.Adapter, error) { return m, nil }
	staged, err := stream.NewStore(ctx, stream.Config{URL: "mem://", Opener: opener,
		Keys: keyset.NewMemory(), Writer: a.signer})
	if err != nil {
		return err
	}
	defer staged.Close()
	dst, err := stream.Open(ctx, staged, id, fold.Count(), 0)
	if err != nil {
		return err
	}
	defer dst.Close()
	var batch []sealstream.Event
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := dst.Append(ctx, batch, stream.To(rs...))
		batch = batch[:0]
		return err
	}
	for e, err := range src.Read(ctx, stream.RequireAccess()) {
		if err != nil {
			return fmt.Errorf("re-seal to %s: %w", to, err)
		}
		e.Version = 0
		if batch = append(batch, e); len(batch) == 1000 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	cp, err := dst.Checkpoint(ctx)
	if err != nil {
		return err
	}
	return a.writeArchive(ctx, m, id, cp)
}
