package feedline

import "slices"

// Span is a range of versions, From ≤ To.
type Span struct{ From, To uint64 }

// Cover is the set of versions the feed holds changes for, of one stream:
// sorted, disjoint, non-adjacent spans. Changes written in version order
// keep it one span; only a change added late (after a crash or a failed
// write) makes a hole for a while.
type Cover []Span

// Add adds the versions from…to.
func (c Cover) Add(from, to uint64) Cover {
	i, _ := slices.BinarySearchFunc(c, from, func(s Span, v uint64) int {
		switch {
		case s.To+1 < v:
			return -1
		case s.From > v:
			return 1
		}
		return 0
	})
	// c[i] is the first span that ends at or after from-1: merge from there.
	j := i
	for j < len(c) && c[j].From <= to+1 {
		from, to = min(from, c[j].From), max(to, c[j].To)
		j++
	}
	return slices.Replace(c, i, j, Span{from, to})
}

// Holes returns the versions up to head the cover lacks.
func (c Cover) Holes(head uint64) []Span {
	var out []Span
	next := uint64(1)
	for _, s := range c {
		if s.From > head {
			break
		}
		if s.From > next {
			out = append(out, Span{next, s.From - 1})
		}
		next = max(next, s.To+1)
	}
	if next <= head {
		out = append(out, Span{next, head})
	}
	return out
}
