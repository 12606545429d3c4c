package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
	"github.com/spf13/cobra"
)

// readFlags are the flags that choose what cat and tail show.
type readFlags struct {
	from   uint64
	types  []string
	meta   []string
	as     string
	format string
	buf    []byte // scratch for one line
}

func (r *readFlags) add(cmd *cobra.Command) {
	f := cmd.Flags()
	f.Uint64Var(&r.from, "from", 0, "start at version `V`")
	f.StringArrayVar(&r.types, "type", nil, "only events of type `T` (repeatable)")
	f.StringArrayVar(&r.meta, "meta", nil, "only events whose metadata has `k=v` (repeatable)")
	f.StringVar(&r.as, "as", "", "read as `IDENTITY` (events sealed to recipients)")
	f.StringVar(&r.format, "format", "jsonl", "output `FORMAT`: jsonl or pretty")
}

// options turns the flags into read options.
func (r *readFlags) options() ([]stream.ReadOption, error) {
	if r.format != "jsonl" && r.format != "pretty" {
		return nil, usagef("--format %q: want jsonl or pretty", r.format)
	}
	var opts []stream.ReadOption
	if r.from > 0 {
		opts = append(opts, stream.From(r.from))
	}
	if len(r.types) > 0 || len(r.meta) > 0 {
		meta := map[string]string{}
		for _, kv := range r.meta {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || k == "" {
				return nil, usagef("--meta %q: want key=value", kv)
			}
			meta[k] = v
		}
		opts = append(opts, stream.Where(r.types, meta))
	}
	if r.as != "" {
		opts = append(opts, stream.As(r.as))
	}
	return opts, nil
}

// write writes e to w in the chosen format.
func (r *readFlags) write(w io.Writer, e sealstream.Event) error {
	r.buf = r.appendTo(r.buf[:0], e)
	_, err := w.Write(r.buf)
	return err
}

// appendTo appends e to dst in the chosen format.
func (r *readFlags) appendTo(dst []byte, e sealstream.Event) []byte {
	if r.format == "pretty" {
		return append(dst, pretty(e, appendEvent(nil, e))...)
	}
	return appendEvent(dst, e)
}

// pretty shows an event for a person: a heading line, then its JSON.
func pretty(e sealstream.Event, line []byte) []byte {
	head := fmt.Sprintf("#%d  %s  %s  %s\n", e.Version, e.Time.UTC().Format("2006-01-02 15:04:05.000"), e.Type, e.ID)
	return append([]byte(head+"    "), line...)
}

// catBatch is how many events cat writes at once.
const catBatch = 512

func (a *app) catCmd() *cobra.Command {
	var rf readFlags
	cmd := &cobra.Command{
		Use:   "cat ID",
		Short: "Print a stream's decrypted events as JSON lines",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := rf.options()
			if err != nil {
				return err
			}
			s, err := a.openStream(cmd.Context(), args[0], false)
			if err != nil {
				return err
			}
			defer s.Close()
			// Lines are made and written in a goroutine of their own, while
			// the stream is read and decrypted: cat runs near replay speed.
			w := newWriteAhead(catBatch, func(es []sealstream.Event) error {
				rf.buf = rf.buf[:0]
				for _, e := range es {
					rf.buf = rf.appendTo(rf.buf, e)
				}
				_, err := a.stdout.Write(rf.buf)
				return err
			})
			for e, err := range s.Read(cmd.Context(), opts...) {
				if err != nil {
					return errors.Join(err, w.Close())
				}
				if !w.add(e) {
					break
				}
			}
			return w.Close()
		},
	}
	rf.add(cmd)
	return cmd
}
