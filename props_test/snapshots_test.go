package props_test

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/commands"
	"github.com/leanovate/gopter/gen"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
)

// snapModel is the model of a stream read with and without snapshots: its
// events (event v has ID "e<v>" and data "payload <v>") and the snapshot
// interval of the run.
type snapModel struct {
	n, every int
}

// snapSUT opens one stream twice on one store: plain without snapshots,
// snap with them. Both must read alike.
type snapSUT struct {
	t           *testing.T
	newStore    func() *stream.Store
	st          *stream.Store
	plain, snap *stream.Stream[[]event]
	id          string
	every       int
}

func (u *snapSUT) reopen() {
	if u.st != nil {
		_ = u.st.Close()
	}
	u.st = u.newStore()
	u.plain = open(u.t, u.st, u.id)
	s, err := stream.Open(context.Background(), u.st, u.id, record, nil, stream.Snapshots[[]event]("record-v1", uint64(u.every)))
	if err != nil {
		u.t.Fatalf("Open with snapshots: %v", err)
	}
	u.snap = s
}

// atHead reports whether state is the model's whole history.
func atHead(m snapModel, state []event) bool {
	if len(state) != m.n {
		return false
	}
	for i, e := range state {
		if e != (event{V: uint64(i + 1), ID: fmt.Sprint("e", i+1), Type: "Filed", Data: fmt.Sprint("payload ", i+1)}) {
			return false
		}
	}
	return true
}

// upTo collects what seq yields until done holds for it, or an error.
func upTo[T any](seq iter.Seq2[T, error], done func(T) bool) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
		if done(v) {
			break
		}
	}
	return out, nil
}

// suffix reports whether the reads with snapshots end like those without:
// a non-empty suffix of them, ending at the head.
func suffix[T any](plain, snap []T, same func(a, b T) bool, head func(T) bool) bool {
	if len(snap) == 0 || len(snap) > len(plain) || !head(snap[len(snap)-1]) {
		return false
	}
	return slices.EqualFunc(plain[len(plain)-len(snap):], snap, same)
}

type snapReads struct {
	plain, snap any
	err         error
}

func genSnapCommand(m snapModel) gopter.Gen {
	same := func(m snapModel) snapModel { return m }
	watchFor := func(ctx context.Context, s *stream.Stream[[]event], m snapModel, follow bool) ([]stream.Versioned[[]event], error) {
		if follow {
			return upTo(s.Follow(ctx, s.Start()), func(v stream.Versioned[[]event]) bool { return int(v.Version) == m.n })
		}
		states, err := upTo(s.ReadAndWatch(ctx), func(st []event) bool { return len(st) == m.n })
		out := make([]stream.Versioned[[]event], len(states))
		for i, st := range states {
			out[i] = stream.Versioned[[]event]{State: st, Version: uint64(len(st))}
		}
		return out, err
	}
	appendN := gopter.CombineGens(gen.IntRange(1, 4), gen.Bool()).Map(func(v []any) commands.Command {
		k, viaSnap := v[0].(int), v[1].(bool)
		return cmd2(fmt.Sprintf("append %d (snapshot handle %v)", k, viaSnap), func(u *snapSUT, m snapModel) any {
			es := make([]sealstream.Event, k)
			for i := range es {
				es[i] = eventAt(m.n+i+1, fmt.Sprint("payload ", m.n+i+1))
			}
			s := map[bool]*stream.Stream[[]event]{false: u.plain, true: u.snap}[viaSnap]
			_, err := s.Append(context.Background(), es)
			return err
		}, func(s snapModel) snapModel { s.n += k; return s }, func(_ snapModel, r any) bool { return r == nil }, m)
	})
	state := gen.Const(cmd2("state", func(u *snapSUT, _ snapModel) any {
		a, errA := u.plain.State(context.Background())
		b, errB := u.snap.State(context.Background())
		return snapReads{a, b, firstErr(errA, errB)}
	}, same, func(m snapModel, r any) bool {
		o := r.(snapReads)
		return o.err == nil && atHead(m, o.plain.([]event)) && slices.Equal(o.plain.([]event), o.snap.([]event))
	}, m))
	watch := gen.Bool().Map(func(follow bool) commands.Command {
		return cmd2(map[bool]string{false: "read and watch", true: "follow from start"}[follow], func(u *snapSUT, m snapModel) any {
			if m.n == 0 {
				return snapReads{}
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			a, errA := watchFor(ctx, u.plain, m, follow)
			b, errB := watchFor(ctx, u.snap, m, follow)
			return snapReads{a, b, firstErr(errA, errB)}
		}, same, func(m snapModel, r any) bool {
			o := r.(snapReads)
			if m.n == 0 {
				return o.err == nil
			}
			a, b := o.plain.([]stream.Versioned[[]event]), o.snap.([]stream.Versioned[[]event])
			return o.err == nil && len(a) == m.n && suffix(a, b, func(x, y stream.Versioned[[]event]) bool {
				return x.Version == y.Version && slices.Equal(x.State, y.State)
			}, func(v stream.Versioned[[]event]) bool { return atHead(m, v.State) })
		}, m)
	})
	reopen := gen.Const(cmd2("reopen", func(u *snapSUT, _ snapModel) any { u.reopen(); return nil },
		same, func(snapModel, any) bool { return true }, m))
	return gen.OneGenOf(appendN, state, watch, reopen)
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// cmd2 is cmd for the snapshot model.
func cmd2(name string, run func(u *snapSUT, m snapModel) any, next func(m snapModel) snapModel, post func(m snapModel, r any) bool, m snapModel) commands.Command {
	return &commands.ProtoCommand{
		Name:          name,
		RunFunc:       func(s commands.SystemUnderTest) commands.Result { return run(s.(*snapSUT), m) },
		NextStateFunc: func(s commands.State) commands.State { return next(s.(snapModel)) },
		PostConditionFunc: func(s commands.State, r commands.Result) *gopter.PropResult {
			if post(s.(snapModel), r) {
				return &gopter.PropResult{Status: gopter.PropTrue}
			}
			return &gopter.PropResult{Status: gopter.PropFalse}
		},
	}
}

// With snapshots on or off, any sequence of appends, reads and reopenings
// gives the same results: State alike, and ReadAndWatch and Follow from
// the start yield a suffix of what they yield without snapshots, ending at
// the head.
func TestSnapshotsModel(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		newStore := b.location(t)
		cmds := &commands.ProtoCommands{
			NewSystemUnderTestFunc: func(s commands.State) commands.SystemUnderTest {
				u := &snapSUT{t: t, newStore: newStore, id: freshID(), every: s.(snapModel).every}
				u.reopen()
				return u
			},
			DestroySystemUnderTestFunc: func(s commands.SystemUnderTest) { _ = s.(*snapSUT).st.Close() },
			InitialStateGen:            gen.IntRange(1, 4).Map(func(every int) snapModel { return snapModel{every: every} }),
			GenCommandFunc:             func(s commands.State) gopter.Gen { return genSnapCommand(s.(snapModel)) },
		}
		n := *cases
		if b.name == "file" {
			n = max(n/10, 1)
		}
		props := properties(t, n)
		props.Property("snapshots change no read", commands.Prop(cmds))
		props.TestingRun(t)
	})
}
