//go:build linux

package idtable_test

import (
	"fmt"
	"testing"
)

// BenchmarkAdd100 adds entries 100 at a time, as a batch of appends does;
// ns/op is per entry.
func BenchmarkAdd100(b *testing.B) {
	x := create(b, root(b), "s")

	v := 1
	for i := 0; b.Loop(); i++ {
		if i%100 == 0 {
			if err := x.Add(entries(v, 100, "0196a1b2-3c4d-7e8f-9a0b-")); err != nil {
				b.Fatal(err)
			}
			v += 100
		}
	}
}

// BenchmarkLookup looks up present IDs in a table of a million entries.
func BenchmarkLookup(b *testing.B) {
	x := create(b, root(b), "s")

	const n = 1_000_000
	for v := 1; v <= n; v += 1000 {
		if err := x.Add(entries(v, 1000, "e")); err != nil {
			b.Fatal(err)
		}
	}
	i := 0
	for b.Loop() {
		i = (i + 7919) % n
		if vs, err := x.Lookup(fmt.Sprint("e", i+1)); err != nil || len(vs) == 0 {
			b.Fatal(vs, err)
		}
	}
}
