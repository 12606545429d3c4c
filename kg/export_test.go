package kg_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image/png"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/sealstream/sealstream/kg"
)

func TestMarshalDOT(t *testing.T) {
	b, err := life(t).MarshalDOT("life")
	if err != nil {
		t.Fatal(err)
	}
	dot := string(b)
	for _, want := range []string{
		"digraph life {", "rankdir=LR", "\"policy:home-42\" [\n    label=\"policy\\nhome-42\"\n    fillcolor=",
		"person [\n    label=person\n    fillcolor=\"#a6cee3\"\n  ];", `"service:news" -> "service:bank" [label=pays];`,
		`"service:news" -> "service:bank" [label=bills];`, `"policy:home-42" -> "provider:acme" [label="issued by"];`,
	} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT lacks %s:\n%s", want, dot)
		}
	}
	if n := strings.Count(dot, " -> "); n != 9 {
		t.Errorf("DOT has %d edges, want one per fact (9)", n)
	}
}

func TestMarshalJSON(t *testing.T) {
	g := life(t)
	b, err := json.Marshal(g.AsOf(5))
	if err != nil {
		t.Fatal(err)
	}
	var nl struct {
		Directed, Multigraph bool
		Graph                struct{ Skipped map[string]int }
		Nodes                []struct{ ID, Kind, Name string }
		Links                []struct {
			Source, Target, Predicate, Time string
			Key                             int64
			Version                         uint64
		}
	}
	if err := json.Unmarshal(b, &nl); err != nil {
		t.Fatal(err)
	}
	if !nl.Directed || !nl.Multigraph || len(nl.Nodes) != 8 || len(nl.Links) != 9 ||
		nl.Graph.Skipped["rule Moved (line 7): $.from is missing"] != 1 {
		t.Fatalf("node-link form: %s", b)
	}
	if n := nl.Nodes[2]; n.ID != "provider:acme" || n.Kind != "provider" || n.Name != "acme" || nl.Nodes[0].ID != "person" {
		t.Errorf("nodes %+v", nl.Nodes)
	}
	if l := nl.Links[7]; l.Key != 8 || l.Source != "service:news" || l.Target != "service:bank" || l.Predicate != "pays" ||
		l.Version != 5 || l.Time != "2026-01-01T09:04:00Z" {
		t.Errorf("last link %+v", l)
	}
}

// needDot skips a test when Graphviz is missing, except in CI, where the
// test setup must have installed it.
func needDot(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("dot"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("Graphviz's dot is not installed; CI must install it (apt-get install -y graphviz)")
		}
		t.Skip("Graphviz's dot is not installed (apt-get install -y graphviz): not rendering")
	}
}

func TestRender(t *testing.T) {
	needDot(t)
	ctx := context.Background()
	g := life(t)
	var svg, img bytes.Buffer
	if err := g.Render(ctx, &svg, "svg"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", ">home&#45;42<", ">issued by<", ">1 rue Haute<"} {
		if !strings.Contains(svg.String(), want) {
			t.Errorf("SVG lacks %s", want)
		}
	}
	if err := g.Render(ctx, &img, "png"); err != nil {
		t.Fatal(err)
	}
	p, err := png.Decode(&img)
	if err != nil || p.Bounds().Dx() < 200 || p.Bounds().Dy() < 100 {
		t.Fatalf("PNG: %v, %v", p.Bounds(), err)
	}
}

func TestRenderErrors(t *testing.T) {
	g := life(t)
	if err := g.Render(context.Background(), &bytes.Buffer{}, "-o/tmp/x"); !errors.Is(err, kg.ErrRender) {
		t.Errorf("a bad format: %v, want ErrRender", err)
	}
	if _, err := exec.LookPath("dot"); err == nil {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := g.Render(ctx, &bytes.Buffer{}, "svg"); !errors.Is(err, kg.ErrRender) || !errors.Is(err, context.Canceled) {
			t.Errorf("a cancelled render: %v", err)
		}
		if err := g.Render(context.Background(), &bytes.Buffer{}, "nosuchformat"); !errors.Is(err, kg.ErrRender) {
			t.Errorf("a format dot lacks: %v, want ErrRender", err)
		}
	}
	t.Setenv("PATH", t.TempDir())
	if err := g.Render(context.Background(), &bytes.Buffer{}, "svg"); !errors.Is(err, kg.ErrNoGraphviz) {
		t.Errorf("without dot: %v, want ErrNoGraphviz", err)
	}
}
