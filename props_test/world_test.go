package props_test

import (
	"context"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/commands"
	"github.com/leanovate/gopter/gen"
	"github.com/sealstream/sealstream/keyset"
)

// fileShare is the share of -props.cases that the file location runs:
// each of its appends is fsync'd and every command may cross to the
// second process, so a case costs about ten times one in memory.
const fileShare = 10

// world is the model of one stream seen through several handles: one log
// of n events (event v has ID "e<v>", type "Filed" and data "payload
// <v>"), whether its keys were forgotten, and whether its keyset was lost
// while it held events.
type world struct {
	handles   int
	n         int
	forgotten bool
	lost      bool
}

// keyErr is the error kind every append fails with once the keys are
// gone, or "" while they are there.
func (w world) keyErr() string {
	switch {
	case w.forgotten:
		return "shredded"
	case w.lost:
		return "nokey"
	}
	return ""
}

// readErr is the error kind of Read, State and Verify: the keys' fate
// matters only when there is a payload to open.
func (w world) readErr() string {
	if w.n == 0 {
		return ""
	}
	return w.keyErr()
}

// worldSUT is the system under test: one stream ID on one location,
// opened through several stores at once, the last of them in the second
// process where the location has one.
type worldSUT struct {
	p       *place
	id      string
	handles []handler
	locals  []*local
	m       world // the model state, advanced by the commands as they run
}

func newWorld(t *testing.T, p *place, to keyset.Recipient, m world) *worldSUT {
	u := &worldSUT{p: p, id: freshID(), m: m}
	for i := range m.handles {
		var h handler = p.child
		if p.child == nil || i < m.handles-1 {
			l := &local{newStore: p.store, to: to}
			u.locals, h = append(u.locals, l), l
		}
		u.handles = append(u.handles, h)
		if r := h.do(context.Background(), request{Op: "open", ID: u.id}); r.Err != "" {
			u.destroy()
			t.Fatalf("opening %s through handle %d: %s", u.id, i, r.Err)
		}
	}
	return u
}

func (u *worldSUT) destroy() {
	for _, l := range u.locals {
		l.shutdown()
	}
	if u.p.child != nil {
		u.p.child.do(context.Background(), request{Op: "close"})
	}
}

// Every handle, store and process on one location sees one truth: after
// every command each answer, through any handle, agrees with one log.
func TestWorldModel(t *testing.T) {
	to, err := recipient()
	if err != nil {
		t.Fatal(err)
	}
	for _, loc := range []struct {
		name  string
		place func(*testing.T) *place
		cases int
	}{
		{"mem", memPlace, *cases},
		{"file", filePlace, max(*cases/fileShare, 1)},
	} {
		t.Run(loc.name, func(t *testing.T) {
			p := loc.place(t)
			cmds := &commands.ProtoCommands{
				NewSystemUnderTestFunc: func(s commands.State) commands.SystemUnderTest {
					return newWorld(t, p, to, s.(world))
				},
				DestroySystemUnderTestFunc: func(s commands.SystemUnderTest) { s.(*worldSUT).destroy() },
				InitialStateGen:            gen.IntRange(2, 3).Map(func(n int) world { return world{handles: n} }),
				GenCommandFunc:             func(s commands.State) gopter.Gen { return genWorldCommand(s.(world)) },
			}
			props := properties(t, loc.cases)
			props.Property("every handle agrees with the one-log model", commands.Prop(cmds))
			props.TestingRun(t)
		})
	}
}
