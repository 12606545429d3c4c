package s3

import (
	"context"
	"fmt"
	"sync"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
)

// Adapter keeps the streams of one bucket and key prefix. It is safe for
// concurrent use; see the package doc for the layout of the objects.
type Adapter struct {
	b    *bucket
	loc  location
	opts Options

	stop     context.CancelFunc // ends the poller
	pollDone chan struct{}

	mu      sync.Mutex
	streams map[string]*stream
	closed  bool
}

// Open opens the adapter for url, s3://bucket/prefix with optional
// query parameters endpoint (an http:// or https:// URL, for
// S3-compatible servers), region and path_style (default true when an
// endpoint is given). Credentials come from the AWS SDK's default chain.
// Its signature is that of the stream package's opener:
//
//	stream.Config{URL: "s3://bucket/events/", Opener: s3.Open}
//
// A URL of another scheme returns an error matching
// [sealstream.ErrUnsupportedURL]. Open sends no request: a wrong bucket
// or credentials show at the first call that needs the server.
func Open(ctx context.Context, url string) (adapter.Adapter, error) {
	return OpenWith(ctx, url, Options{})
}

// Open is [OpenWith] with these options, as a stream opener:
//
//	stream.Config{URL: url, Opener: s3.Options{PollInterval: time.Second}.Open}
func (o Options) Open(ctx context.Context, url string) (adapter.Adapter, error) {
	return OpenWith(ctx, url, o)
}

// OpenWith is [Open] with options.
func OpenWith(ctx context.Context, url string, opts Options) (*Adapter, error) {
	b, loc, opts, err := connect(ctx, url, opts)
	if err != nil {
		return nil, err
	}
	pctx, stop := context.WithCancel(context.Background())
	a := &Adapter{b: b, loc: loc, opts: opts, stop: stop, pollDone: make(chan struct{}),
		streams: map[string]*stream{}}
	go a.poll(pctx)
	return a, nil
}

// connect parses url and makes the client.
func connect(ctx context.Context, url string, opts Options) (*bucket, location, Options, error) {
	loc, err := parseURL(url)
	if err != nil {
		return nil, loc, opts, err
	}
	if opts, err = opts.withDefaults(); err != nil {
		return nil, loc, opts, err
	}
	c, closeIdle, err := newClient(ctx, loc, opts)
	if err != nil {
		return nil, loc, opts, fmt.Errorf("s3: %s: AWS configuration: %w", loc, err)
	}
	return &bucket{c: c, name: loc.bucket, closeIdle: closeIdle}, loc, opts, nil
}

// Open returns the log of streamID. It sends no request: nothing is
// written until the first append. A stream ID that is empty, over
// [MaxStreamIDLen] bytes, not UTF-8 or with control characters returns an
// error matching [sealstream.ErrInvalidStreamID]; after Close,
// [sealstream.ErrClosed].
func (a *Adapter) Open(ctx context.Context, streamID string) (adapter.Log, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkStreamID(streamID); err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil, fmt.Errorf("s3: open %q: %w", streamID, sealstream.ErrClosed)
	}
	st := a.streams[streamID]
	if st == nil {
		st = &stream{id: streamID, keys: keysFor(a.loc.prefix, streamID)}
		a.streams[streamID] = st
	}
	st.refs++
	return &log{a: a, st: st}, nil
}

// release counts one open log of st fewer, forgetting it at zero.
func (a *Adapter) release(st *stream) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if st.refs--; st.refs <= 0 && a.streams[st.id] == st {
		delete(a.streams, st.id)
	}
}

// watched returns the streams whose Changed channels have waiters.
func (a *Adapter) watched() []*stream {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []*stream
	for _, st := range a.streams {
		if st.isWatched() {
			out = append(out, st)
		}
	}
	return out
}

// Close stops the poller and closes the adapter's idle connections. Logs
// opened from a return [sealstream.ErrClosed] afterwards; waiters on
// their Changed channels are woken.
func (a *Adapter) Close() error {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return nil
	}
	a.closed = true
	streams := a.streams
	a.streams = map[string]*stream{}
	a.mu.Unlock()
	a.stop()
	<-a.pollDone
	for _, st := range streams {
		st.signal.Notify()
	}
	a.b.closeIdle()
	return nil
}

func (a *Adapter) isClosed() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.closed
}
