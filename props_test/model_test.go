package props_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/commands"
	"github.com/leanovate/gopter/gen"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
)

// model is the pure model of a stream: how many events it holds (event v
// has ID "e<v>", type "Filed" and data "payload <v>") and whether the
// stream handle is closed.
type model struct {
	n      int
	closed bool
}

// sut is the system under test: a stream over a storage location that
// survives reopening.
type sut struct {
	t        *testing.T
	newStore func() *stream.Store
	st       *stream.Store
	s        *stream.Stream[[]event]
	id       string
}

func (u *sut) reopen() {
	if u.st != nil {
		_ = u.st.Close()
	}
	u.st = u.newStore()
	u.s = open(u.t, u.st, u.id)
}

func eventAt(v int, data string) sealstream.Event {
	return sealstream.Event{ID: fmt.Sprint("e", v), Type: "Filed", Data: []byte(data)}
}

type outcome struct {
	v   uint64
	err error
}

// cmd builds a command from its name, effect on the model and check.
func cmd(name string, run func(u *sut, m model) any, next func(m model) model, post func(m model, r any) bool, m model) commands.Command {
	return &commands.ProtoCommand{
		Name:          name,
		RunFunc:       func(s commands.SystemUnderTest) commands.Result { return run(s.(*sut), m) },
		NextStateFunc: func(s commands.State) commands.State { return next(s.(model)) },
		PostConditionFunc: func(s commands.State, r commands.Result) *gopter.PropResult {
			if post(s.(model), r) {
				return &gopter.PropResult{Status: gopter.PropTrue}
			}
			return &gopter.PropResult{Status: gopter.PropFalse}
		},
	}
}

func closedOr(m model, r outcome, ok bool) bool {
	if m.closed {
		return errors.Is(r.err, sealstream.ErrClosed)
	}
	return ok
}

// genCommand draws the next command for model state m.
func genCommand(m model) gopter.Gen {
	ctx := context.Background()
	same := func(m model) model { return m }
	appendN := gen.IntRange(1, 3).Map(func(k int) commands.Command {
		return cmd(fmt.Sprint("append ", k), func(u *sut, m model) any {
			es := make([]sealstream.Event, k)
			for i := range es {
				es[i] = eventAt(m.n+i+1, fmt.Sprint("payload ", m.n+i+1))
			}
			v, err := u.s.Append(ctx, es)
			return outcome{v, err}
		}, func(s model) model {
			if !s.closed {
				s.n += k
			}
			return s
		}, func(s model, r any) bool { o := r.(outcome); return closedOr(s, o, o.err == nil && o.v == uint64(s.n)) }, m)
	})
	expect := gen.IntRange(-1, 1).Map(func(d int) commands.Command {
		fits := d == 0 || (d == -1 && m.n == 0) // the expected version is the head
		return cmd(fmt.Sprint("append expecting head", fmt.Sprintf("%+d", d)), func(u *sut, m model) any {
			v, err := u.s.Append(ctx, []sealstream.Event{eventAt(m.n+1, fmt.Sprint("payload ", m.n+1))}, stream.ExpectVersion(uint64(max(m.n+d, 0))))
			return outcome{v, err}
		}, func(s model) model {
			if !s.closed && fits {
				s.n++
			}
			return s
		}, func(s model, r any) bool {
			o := r.(outcome)
			if fits {
				return closedOr(s, o, o.err == nil && o.v == uint64(s.n))
			}
			return closedOr(s, o, errors.Is(o.err, sealstream.ErrConflict))
		}, m)
	})
	dup := gopter.CombineGens(gen.IntRange(1, max(m.n, 1)), gen.Bool()).Map(func(v []any) commands.Command {
		k, change := v[0].(int), v[1].(bool)
		return cmd(fmt.Sprintf("re-append e%d changed=%v", k, change), func(u *sut, m model) any {
			data := fmt.Sprint("payload ", k)
			if change {
				data += "!"
			}
			v, err := u.s.Append(ctx, []sealstream.Event{eventAt(k, data)})
			return outcome{v, err}
		}, same, func(s model, r any) bool {
			o := r.(outcome)
			switch {
			case s.n == 0:
				return closedOr(s, o, true) // nothing to duplicate: the command only checks Close
			case change:
				return closedOr(s, o, errors.Is(o.err, sealstream.ErrIDConflict))
			}
			return closedOr(s, o, o.err == nil && o.v == uint64(k))
		}, m)
	}).SuchThat(func(c commands.Command) bool { return m.n > 0 })
	read := gen.Const(cmd("read", func(u *sut, _ model) any {
		es, err := history(u.s)
		return readResult{es, err}
	}, same, func(s model, r any) bool { return checkRead(s, r.(readResult)) }, m))
	state := gen.Const(cmd("state", func(u *sut, _ model) any {
		got, err := u.s.State(ctx)
		return outcome{uint64(len(got)), err}
	}, same, func(s model, r any) bool { o := r.(outcome); return closedOr(s, o, o.err == nil && o.v == uint64(s.n)) }, m))
	reopen := gen.Const(cmd("reopen", func(u *sut, _ model) any { u.reopen(); return nil },
		func(s model) model { s.closed = false; return s }, func(model, any) bool { return true }, m))
	closeIt := gen.Const(cmd("close", func(u *sut, _ model) any { return u.s.Close() },
		func(s model) model { s.closed = true; return s }, func(_ model, r any) bool { return r == nil }, m))
	gens := []gopter.Gen{appendN, expect, read, state, reopen, closeIt}
	if m.n > 0 {
		gens = append(gens, dup)
	}
	return gen.OneGenOf(gens...)
}

type readResult struct {
	es  []sealstream.Event
	err error
}

func checkRead(m model, r readResult) bool {
	if m.closed {
		return errors.Is(r.err, sealstream.ErrClosed)
	}
	if r.err != nil || len(r.es) != m.n {
		return false
	}
	for i, e := range r.es {
		if e.Version != uint64(i+1) || e.ID != fmt.Sprint("e", i+1) || string(e.Data) != fmt.Sprint("payload ", i+1) {
			return false
		}
	}
	return true
}

func TestModel(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		newStore := b.location(t)
		cmds := &commands.ProtoCommands{
			NewSystemUnderTestFunc: func(commands.State) commands.SystemUnderTest {
				u := &sut{t: t, newStore: newStore, id: freshID()}
				u.reopen()
				return u
			},
			DestroySystemUnderTestFunc: func(s commands.SystemUnderTest) { _ = s.(*sut).st.Close() },
			InitialStateGen:            gen.Const(model{}),
			GenCommandFunc:             func(s commands.State) gopter.Gen { return genCommand(s.(model)) },
		}
		props := properties(t, *cases)
		props.Property("a stream behaves like its model", commands.Prop(cmds))
		props.TestingRun(t)
	})
}
