package nats

import (
	"context"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// watch starts the watcher of sh unless one runs.
func (a *Adapter) watch(sh *shared) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed || sh.watching || sh.refs == 0 || sh.gone.Load() {
		return
	}
	ctx, cancel := context.WithCancel(a.ctx)
	sh.watching, sh.cancel = true, cancel
	a.wg.Go(func() {
		a.follow(ctx, sh.subject, jetstream.DeliverLastPerSubjectPolicy, sh.observe, sh.signal.Notify)
	})
}

// follow keeps an ordered consumer on filter until ctx ends. The consumer
// is headers only and starts with the last message that policy picks (the
// subject's, or the filter's), so it fires once at start and then once
// per appended record. nats.go recreates it after a missed heartbeat, a
// leader change or a reconnect, from the stream sequence after the last
// one it delivered: no record is skipped. Each delivery passes its
// sequence to seen, which lets reads detect a lagging replica, and calls
// fire; so does every consumer error, since a spurious wake-up costs a
// read and a lost one a stall.
func (a *Adapter) follow(ctx context.Context, filter string, policy jetstream.DeliverPolicy, seen func(uint64), fire func()) {
	hb := a.o.WatchHeartbeat
	cfg := jetstream.OrderedConsumerConfig{
		FilterSubjects:    []string{filter},
		DeliverPolicy:     policy,
		HeadersOnly:       true,
		InactiveThreshold: 10 * hb,
	}
	onMsg := func(m jetstream.Msg) {
		if md, err := m.Metadata(); err == nil {
			seen(md.Sequence.Stream)
		}
		fire()
	}
	onErr := func(jetstream.ConsumeContext, error) { fire() }
	var (
		cons jetstream.Consumer
		cc   jetstream.ConsumeContext
	)
	for wait := 50 * time.Millisecond; cc == nil; wait = min(2*wait, 2*time.Second) {
		cctx, cancel := context.WithTimeout(ctx, a.o.Timeout)
		c, err := a.js.OrderedConsumer(cctx, a.o.Stream, cfg)
		cancel()
		if err == nil {
			cons = c
			cc, _ = c.Consume(onMsg, jetstream.PullExpiry(4*hb), jetstream.PullHeartbeat(hb),
				jetstream.ConsumeErrHandler(onErr))
		}
		if cc == nil && !sleep(ctx, wait) {
			return
		}
	}
	<-ctx.Done()
	cc.Stop()
	<-cc.Closed()
	// Remove the server's consumer now rather than after InactiveThreshold.
	if info := cons.CachedInfo(); info != nil && a.nc.IsConnected() {
		dctx, cancel := context.WithTimeout(context.Background(), min(a.o.Timeout, time.Second))
		_ = a.js.DeleteConsumer(dctx, a.o.Stream, info.Name)
		cancel()
	}
}
