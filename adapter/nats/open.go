package nats

import (
	"context"
	"fmt"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sealstream/sealstream/adapter"
)

// Open connects to the NATS server(s) at url (comma-separated for several)
// with default [Options]. Its signature fits the stream package's Opener:
//
//	stream.Config{URL: "nats://127.0.0.1:4222", Opener: nats.Open}
func Open(ctx context.Context, url string) (adapter.Adapter, error) {
	return Options{}.Open(ctx, url)
}

// Open connects to url with the options o, makes sure the JetStream stream
// exists, and returns the adapter. The method value o.Open is an Opener. A
// URL whose scheme is not nats, tls, ws or wss gets
// [sealstream.ErrUnsupportedURL].
func (o Options) Open(ctx context.Context, url string) (adapter.Adapter, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := checkSchemes(url); err != nil {
		return nil, err
	}
	opts := append([]natsgo.Option{
		natsgo.Name("sealstream"), natsgo.MaxReconnects(-1), natsgo.Timeout(o.Timeout),
	}, o.ConnOptions...)
	hidden := secretsOf(url)
	nc, err := natsgo.Connect(url, opts...)
	if err != nil {
		return nil, hidden.hide(fmt.Errorf("nats: connect: %w", err))
	}
	a, err := start(ctx, nc, o, true)
	if err != nil {
		nc.Close()
		return nil, hidden.hide(err)
	}
	return a, nil
}

// New returns an adapter over an existing connection, which the caller
// keeps: Close leaves it open.
func New(ctx context.Context, nc *natsgo.Conn, o Options) (*Adapter, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	return start(ctx, nc, o, false)
}

func start(ctx context.Context, nc *natsgo.Conn, o Options, own bool) (*Adapter, error) {
	js, err := jetstream.New(nc, jetstream.WithDefaultTimeout(o.Timeout))
	if err != nil {
		return nil, fmt.Errorf("nats: %w", err)
	}
	a := &Adapter{nc: nc, js: js, o: o, ownConn: own, subjects: map[string]*shared{}}
	maxMsg, err := a.ensureStream(ctx)
	if err != nil {
		return nil, err
	}
	a.maxData = int(min(nc.MaxPayload(), maxMsg)) - headerRoom
	a.ctx, a.cancel = context.WithCancel(context.Background())
	// After a reconnect, wake every watcher: it re-reads from its last
	// version, so whatever happened meanwhile is neither lost nor repeated.
	a.status = nc.StatusChanged(natsgo.CONNECTED)
	a.wg.Go(func() {
		for {
			select {
			case <-a.ctx.Done():
				return
			case _, ok := <-a.status:
				if !ok {
					return
				}
				a.notifyAll()
			}
		}
	})
	return a, nil
}
