package main

import (
	"bufio"
	"context"
	"errors"
	"iter"

	"github.com/spf13/cobra"
)

// printEach writes the items of seq to w with write, flushing after each
// so that a follower sees them at once, and stops after most items (0: no
// limit). An interrupt (ctx canceled by a signal while the command's own
// context lives) is the normal end of a follow, not an error.
func printEach[T any](ctx context.Context, cmd *cobra.Command, w *bufio.Writer, seq iter.Seq2[T, error], most uint64, write func(T) error) error {
	n := uint64(0)
	for x, err := range seq {
		if errors.Is(err, context.Canceled) && ctx.Err() != nil && cmd.Context().Err() == nil {
			return nil
		}
		if err != nil {
			return err
		}
		if err := write(x); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return err
		}
		if n++; most > 0 && n >= most {
			return nil
		}
	}
	return nil
}
