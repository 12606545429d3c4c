package httpadapter

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/sealstream/sealstream/adapter/http/internal/wire"
)

// maxEventLine bounds one line of a heads-mode watch.
const maxEventLine = 16 << 10

// watch keeps a heads-mode watch of sh open until ctx ends, firing sh's
// signal on each head event, and reconnecting after any failure with a
// growing pause (up to 2 s).
func (a *Adapter) watch(ctx context.Context, sh *shared) {
	pause := 50 * time.Millisecond
	for ctx.Err() == nil {
		got, _ := a.watchOnce(ctx, sh)
		if got {
			pause = 50 * time.Millisecond
		}
		if !sleep(ctx, pause) {
			return
		}
		pause = min(2*pause, 2*time.Second)
	}
}

// watchOnce makes one watch connection and reads its events; it reports
// whether any event came.
func (a *Adapter) watchOnce(ctx context.Context, sh *shared) (bool, error) {
	q := map[string][]string{wire.Stream: {sh.id}, wire.Mode: {wire.ModeHeads}}
	resp, err := a.c.send(ctx, http.MethodGet, wire.PathWatch, q, nil, http.Header{"Accept": {wire.EventStream}})
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	stop := context.AfterFunc(ctx, func() { _ = resp.Body.Close() })
	defer stop()
	events := wire.NewSSEReader(resp.Body, maxEventLine)
	got := false
	for {
		ev, err := events.Next()
		if err != nil {
			return got, err
		}
		switch ev.Name {
		case wire.EventHead:
			if _, err := strconv.ParseUint(ev.ID, 10, 64); err != nil {
				return got, fmt.Errorf("the server sent a head event without a version")
			}
			got = true
			sh.signal.Notify()
		case wire.EventError:
			return got, fmt.Errorf("the watch ended with an error")
		}
	}
}
