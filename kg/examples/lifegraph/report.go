package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/sealstream/sealstream/kg"
)

var person = kg.Ref{Kind: "person"}

// run builds the graph, prints what it knows and writes its pictures.
func run(ctx context.Context, w io.Writer, dir string) error {
	g, err := build(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d nodes, %d facts, %d skipped\n", g.NodeCount(), g.FactCount(), len(g.Skipped()))
	fmt.Fprintf(w, "person's neighbours: %v\n", g.Neighbours(person))
	for _, v := range []uint64{6, uint64(len(life))} {
		fmt.Fprintf(w, "as of version %d: lives at %v, subscribes to %v\n", v,
			objects(g.AsOf(v), "lives at"), objects(g.AsOf(v), "subscribes to"))
	}
	from, to := kg.Ref{Kind: "provider", ID: "News Corp"}, kg.Ref{Kind: "provider", ID: "Acme Insurance"}
	fmt.Fprintf(w, "path %v → %v: %v\n", from, to, g.Path(from, to))
	pr := g.PageRank()
	top := slices.SortedFunc(maps.Keys(pr), func(a, b kg.Ref) int {
		if pr[a] != pr[b] {
			if pr[a] > pr[b] {
				return -1
			}
			return 1
		}
		return len(a.String()) - len(b.String())
	})
	fmt.Fprintf(w, "most central: %v\n", top[:3])

	dot, err := g.MarshalDOT("lifegraph")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "lifegraph.dot"), dot, 0o644); err != nil {
		return err
	}
	fmt.Fprintln(w, "wrote lifegraph.dot")
	for _, format := range []string{"svg", "png"} {
		err := render(ctx, g, filepath.Join(dir, "lifegraph."+format), format)
		if errors.Is(err, kg.ErrNoGraphviz) {
			fmt.Fprintln(w, "Graphviz is not installed (apt-get install graphviz): no SVG or PNG")
			return nil
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "wrote lifegraph.%s\n", format)
	}
	return nil
}

// objects returns what the person's facts with predicate point to.
func objects(g *kg.Graph, predicate string) []string {
	var out []string
	for _, e := range g.Out(person) {
		if e.Predicate == predicate {
			out = append(out, e.Object.Ref.ID)
		}
	}
	return out
}

func render(ctx context.Context, g *kg.Graph, path, format string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := g.Render(ctx, f, format); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	return f.Close()
}
