package kg

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
)

// ErrNoGraphviz is the error of [Graph.Render] when Graphviz's dot program
// is not on the PATH (Debian: apt-get install graphviz).
var ErrNoGraphviz = errors.New("kg: Graphviz's dot program not found")

// ErrRender is the error of [Graph.Render] when dot fails or the format is
// not a plain output format name.
var ErrRender = errors.New("kg: rendering failed")

// Render draws g with Graphviz's dot program into w, in format: "svg",
// "png", "pdf" or any other output format of dot -T. It stops dot when ctx
// ends. Errors never quote dot's own messages, which may repeat node names
// taken from payloads.
func (g *Graph) Render(ctx context.Context, w io.Writer, format string) error {
	if format == "" || strings.Trim(format, "abcdefghijklmnopqrstuvwxyz0123456789:") != "" {
		return fmt.Errorf("%w: format %q is not a dot output format", ErrRender, format)
	}
	bin, err := exec.LookPath("dot")
	if err != nil {
		return ErrNoGraphviz
	}
	src, err := g.MarshalDOT("kg")
	if err != nil {
		return fmt.Errorf("%w: %w", ErrRender, err)
	}
	cmd := exec.CommandContext(ctx, bin, "-T"+format)
	cmd.Stdin = bytes.NewReader(src)
	cmd.Stdout = w
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%w: dot -T%s: %w", ErrRender, format, ctx.Err())
		}
		return fmt.Errorf("%w: dot -T%s: %w", ErrRender, format, err)
	}
	return nil
}
