package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The program tells the story of the graph and writes its pictures;
// Graphviz may only be missing outside CI.
func TestLifegraph(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dir := filepath.Join(t.TempDir(), "out")
	var out bytes.Buffer
	if err := run(ctx, &out, dir); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"14 nodes, 20 facts, 0 skipped",
		"as of version 6: lives at [12 Rose Lane], subscribes to [Daily News City Gym]",
		"as of version 12: lives at [3 Harbour Street], subscribes to [Daily News Electricity]",
		"path provider:News Corp → provider:Acme Insurance: [provider:News Corp subscription:Daily News person policy:home-42 provider:Acme Insurance]",
		"wrote lifegraph.dot",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	dot, err := os.ReadFile(filepath.Join(dir, "lifegraph.dot"))
	if err != nil || !strings.Contains(string(dot), `"policy:home-42" -> "address:3 Harbour Street" [label=covers];`) {
		t.Fatalf("lifegraph.dot: %v\n%s", err, dot)
	}
	if _, err := exec.LookPath("dot"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("Graphviz's dot is not installed; CI must install it (apt-get install -y graphviz)")
		}
		t.Skip("Graphviz's dot is not installed (apt-get install -y graphviz): no pictures to check")
	}
	f, err := os.Open(filepath.Join(dir, "lifegraph.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 600 || b.Dy() < 400 {
		t.Fatalf("lifegraph.png is %v: too small to read", b)
	}
	if svg, err := os.ReadFile(filepath.Join(dir, "lifegraph.svg")); err != nil || !strings.Contains(string(svg), "Harbour Street") {
		t.Fatalf("lifegraph.svg: %v", err)
	}
}
