package props_test

import (
	"fmt"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/commands"
	"github.com/leanovate/gopter/gen"
)

// op is what a command of the world model does.
type op int

const (
	opAppend      op = iota // k events, no expected version
	opExpectOther           // one event, expecting the version another handle's Metrics give
	opExpectWrong           // one event, expecting the head moved by delta
	opReappend              // event k again, its data changed or not
	opAppendTo              // one event sealed to a recipient
	opRead                  // Read everything
	opState                 // State of everything
	opVerify                // Verify
	opMetrics               // Metrics().Version
	opRotate                // Rotate through the other keyring
	opForget                // Forget through the other keyring
	opLose                  // delete the keyset behind every keyring's back
	opReopen                // close the handle's stream and open it again
	opRestart               // close the handle's store and open another
)

// worldCmd is one command: an operation through handle h.
type worldCmd struct {
	op     op
	h      int
	other  int  // opExpectOther: the handle whose Metrics give the version
	k      int  // opAppend: how many events; opReappend: which version
	delta  int  // opExpectWrong: how far from the head (never 0)
	change bool // opReappend: whether the data differs from the stored
}

// String names the command in a failure report.
func (c worldCmd) String() string {
	switch c.op {
	case opAppend:
		return fmt.Sprintf("h%d: append %d", c.h, c.k)
	case opExpectOther:
		return fmt.Sprintf("h%d: append expecting h%d's version", c.h, c.other)
	case opExpectWrong:
		return fmt.Sprintf("h%d: append expecting head%+d", c.h, c.delta)
	case opReappend:
		return fmt.Sprintf("h%d: re-append e%d changed=%v", c.h, c.k, c.change)
	case opRotate, opForget, opLose:
		return [...]string{opRotate: "rotate", opForget: "forget", opLose: "lose the keyset"}[c.op] + " elsewhere"
	}
	names := [...]string{opAppendTo: "append to a recipient", opRead: "read", opState: "state", opVerify: "verify",
		opMetrics: "metrics", opReopen: "reopen the stream", opRestart: "restart the store"}
	return fmt.Sprintf("h%d: %s", c.h, names[c.op])
}

// NextState is the model's answer to c.
func (c worldCmd) NextState(s commands.State) commands.State {
	w := s.(world)
	switch {
	case c.op == opAppend && w.keyErr() == "":
		w.n += c.k
	case c.op == opExpectOther && w.keyErr() == "":
		w.n++
	case c.op == opForget:
		w.forgotten = true
	case c.op == opLose:
		w.lost = w.n > 0 // an empty stream gets a new keyset at its first append
	}
	return w
}

// PreCondition keeps commands to states where the model knows the answer.
func (c worldCmd) PreCondition(s commands.State) bool {
	w := s.(world)
	switch c.op {
	case opExpectOther:
		if c.other == c.h || c.other >= w.handles {
			return false
		}
	case opReappend:
		if c.k < 1 || c.k > w.n {
			return false
		}
	case opAppendTo:
		// Sealed to a recipient, an event is unreadable without As: only
		// its refusal once the keys are forgotten is in the model.
		return w.forgotten && c.h < w.handles
	case opRotate:
		return !w.lost // rotating a lost keyset would make a new one
	case opForget:
		return !w.forgotten
	case opLose:
		return !w.forgotten && !w.lost
	}
	return c.h < w.handles
}

// PostCondition reports the verdict Run reached; r is "" or what was wrong.
func (c worldCmd) PostCondition(_ commands.State, r commands.Result) *gopter.PropResult {
	if msg := r.(string); msg != "" {
		return &gopter.PropResult{Status: gopter.PropFalse, Labels: []string{c.String() + ": " + msg}}
	}
	return &gopter.PropResult{Status: gopter.PropTrue}
}

// genWorldCommand draws the next command for model state w. Forget and
// losing the keyset are rare, so that most runs go on long before them.
func genWorldCommand(w world) gopter.Gen {
	h := gen.IntRange(0, w.handles-1)
	cmd := func(o op) gopter.Gen {
		return h.Map(func(h int) worldCmd { return worldCmd{op: o, h: h} })
	}
	weighted := []gen.WeightedGen{
		{Weight: 6, Gen: gopter.CombineGens(h, gen.IntRange(1, 3)).Map(func(v []any) worldCmd {
			return worldCmd{op: opAppend, h: v[0].(int), k: v[1].(int)}
		})},
		{Weight: 5, Gen: gopter.CombineGens(h, gen.IntRange(0, w.handles-2)).Map(func(v []any) worldCmd {
			c := worldCmd{op: opExpectOther, h: v[0].(int), other: v[1].(int)}
			if c.other >= c.h {
				c.other++ // any handle but h
			}
			return c
		})},
		{Weight: 3, Gen: gopter.CombineGens(h, gen.OneConstOf(-2, -1, 1, 2)).Map(func(v []any) worldCmd {
			return worldCmd{op: opExpectWrong, h: v[0].(int), delta: v[1].(int)}
		})},
		{Weight: 3, Gen: cmd(opRead)}, {Weight: 2, Gen: cmd(opState)}, {Weight: 1, Gen: cmd(opVerify)},
		{Weight: 2, Gen: cmd(opMetrics)}, {Weight: 2, Gen: cmd(opReopen)}, {Weight: 1, Gen: cmd(opRestart)},
	}
	if !w.lost {
		weighted = append(weighted, gen.WeightedGen{Weight: 2, Gen: cmd(opRotate)})
	}
	if w.n > 0 {
		weighted = append(weighted, gen.WeightedGen{Weight: 3, Gen: gopter.CombineGens(h, gen.IntRange(1, w.n), gen.Bool()).Map(func(v []any) worldCmd {
			return worldCmd{op: opReappend, h: v[0].(int), k: v[1].(int), change: v[2].(bool)}
		})})
	}
	if w.forgotten {
		weighted = append(weighted, gen.WeightedGen{Weight: 2, Gen: cmd(opAppendTo)})
	} else {
		weighted = append(weighted, gen.WeightedGen{Weight: 1, Gen: cmd(opForget)})
	}
	if !w.forgotten && !w.lost {
		weighted = append(weighted, gen.WeightedGen{Weight: 1, Gen: cmd(opLose)})
	}
	return gen.Weighted(weighted).Map(func(c worldCmd) commands.Command { return c })
}
