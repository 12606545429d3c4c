package props_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/leanovate/gopter/commands"
	"github.com/sealstream/sealstream"
)

// Run applies c to the system and checks every answer against the model,
// returning "" or what was wrong. The system keeps its own copy of the
// model state, so that a shrunk sequence of commands still does what each
// command says.
func (c worldCmd) Run(s commands.SystemUnderTest) commands.Result {
	u := s.(*worldSUT)
	before := u.m
	u.m = c.NextState(before).(world)
	return c.check(u, before, u.m)
}

func (c worldCmd) check(u *worldSUT, b, a world) string {
	ctx := context.Background()
	switch c.op {
	case opAppend:
		return u.appended(c.h, request{Op: "append", Events: batch(b.n+1, c.k, "")}, a, b.n+c.k, "")
	case opExpectOther:
		m := u.handles[c.other].do(ctx, request{Op: "metrics"})
		if m.Err != "" || m.V != uint64(b.n) {
			return fmt.Sprintf("h%d's Metrics = version %d, error %q; want %d", c.other, m.V, m.Err, b.n)
		}
		return u.appended(c.h, request{Op: "append", Events: batch(b.n+1, 1, ""), Expect: &m.V}, a, b.n+1, "")
	case opExpectWrong:
		v := uint64(b.n + c.delta)
		if b.n+c.delta < 0 {
			v = uint64(b.n - c.delta)
		}
		return u.appended(c.h, request{Op: "append", Events: batch(b.n+1, 1, ""), Expect: &v}, a, 0, "conflict")
	case opReappend:
		if c.change {
			return u.appended(c.h, request{Op: "append", Events: batch(c.k, 1, "!")}, a, 0, "idconflict")
		}
		return u.appended(c.h, request{Op: "append", Events: batch(c.k, 1, "")}, a, c.k, "")
	case opAppendTo:
		return u.appended(c.h, request{Op: "append", Events: batch(b.n+1, 1, ""), To: true}, a, b.n+1, "")
	case opRead, opState:
		return agrees(b, u.handles[c.h].do(ctx, request{Op: map[op]string{opRead: "read", opState: "state"}[c.op]}))
	case opVerify:
		if r := u.handles[c.h].do(ctx, request{Op: "verify"}); r.Err != b.readErr() {
			return fmt.Sprintf("Verify = %q, want %q", r.Err, b.readErr())
		}
	case opMetrics:
		if r := u.handles[c.h].do(ctx, request{Op: "metrics"}); r.Err != "" || r.V != uint64(b.n) {
			return fmt.Sprintf("Metrics = version %d, error %q; want %d", r.V, r.Err, b.n)
		}
	case opRotate:
		if err := u.p.ring.Rotate(ctx, u.id); b.forgotten != errors.Is(err, sealstream.ErrShredded) || !b.forgotten && err != nil {
			return fmt.Sprintf("Rotate = %v, want ErrShredded only once forgotten", err)
		}
	case opForget:
		if err := u.p.ring.Forget(ctx, u.id); err != nil {
			return fmt.Sprintf("Forget = %v", err)
		}
	case opLose:
		// The keyring names the blob holding the stream's keyset.
		name, err := u.p.ring.BlobName(ctx, u.id)
		if errors.Is(err, sealstream.ErrNoKey) {
			break // no keyset yet
		}
		if err != nil {
			return fmt.Sprintf("finding the keyset = %v", err)
		}
		if err := u.p.blobs.Delete(ctx, name); err != nil {
			return fmt.Sprintf("deleting the keyset = %v", err)
		}
	case opReopen, opRestart:
		if r := u.handles[c.h].do(ctx, request{Op: map[op]string{opReopen: "reopen", opRestart: "restart"}[c.op]}); r.Err != "" {
			return fmt.Sprintf("reopening = %q", r.Err)
		}
	}
	return ""
}

// appended sends append request q through handle h and checks its answer:
// version want and error kind kind, unless the keys are gone, which every
// append must report with version 0. It then checks, through another
// handle, that the log holds what model state a says: nothing of a failed
// append.
func (u *worldSUT) appended(h int, q request, a world, want int, kind string) string {
	ctx := context.Background()
	if k := a.keyErr(); k != "" { // appends do not change the keys
		want, kind = 0, k
	}
	r := u.handles[h].do(ctx, q)
	if r.Err != kind || r.V != uint64(want) {
		return fmt.Sprintf("Append = %d, %q; want %d, %q", r.V, r.Err, want, kind)
	}
	o := (h + 1) % len(u.handles)
	if m := u.handles[o].do(ctx, request{Op: "metrics"}); m.Err != "" || m.V != uint64(a.n) {
		return fmt.Sprintf("then h%d's Metrics = version %d, error %q; want %d", o, m.V, m.Err, a.n)
	}
	return ""
}

// agrees checks the answer of Read or State against model state w.
func agrees(w world, r reply) string {
	want := w.readErr()
	if r.Err != want {
		return fmt.Sprintf("error %q, want %q", r.Err, want)
	}
	if want != "" {
		return ""
	}
	if len(r.Events) != w.n {
		return fmt.Sprintf("%d events, want %d", len(r.Events), w.n)
	}
	for i, e := range r.Events {
		v := i + 1
		if m := (event{V: uint64(v), ID: fmt.Sprint("e", v), Type: "Filed", Data: fmt.Sprint("payload ", v)}); e != m {
			return fmt.Sprintf("event %d is %+v, want %+v", v, e, m)
		}
	}
	return ""
}

// batch returns k events of the model from version v on, their data
// followed by suffix.
func batch(v, k int, suffix string) []sealstream.Event {
	es := make([]sealstream.Event, k)
	for i := range es {
		es[i] = eventAt(v+i, fmt.Sprint("payload ", v+i)+suffix)
	}
	return es
}
