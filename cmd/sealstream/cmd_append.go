package main

import (
	"bufio"
	"bytes"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
	"github.com/spf13/cobra"
)

// maxLine bounds one JSON line of append's input: an event's data limit
// (1 MiB), in base64, plus room for the other fields.
const maxLine = 2<<20 + 64<<10

func (a *app) appendCmd() *cobra.Command {
	var (
		expect int64
		to     []string
	)
	cmd := &cobra.Command{
		Use:   "append ID",
		Short: "Append the events read from stdin, one JSON object a line, all or none",
		Long: "append reads JSON lines from stdin, one event each: type (required), data (any\n" +
			"JSON value) or data_b64 (base64 bytes), metadata (string to string), and an\n" +
			"optional id, which makes the append idempotent. The events land together or\n" +
			"not at all; --expect V fails unless the stream is at version V. With --to, the\n" +
			"events are sealed to those identities only (the keyring's own, or trusted\n" +
			"exports), signed by the --writer identity.",
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(to) > 0 && a.writer == "" {
				return usagef("--to needs --writer ID: events sealed to recipients are signed by their writer")
			}
			if a.passFile == "-" {
				return usagef("append reads events from stdin: give --passphrase-file a file")
			}
			events, err := a.readEvents()
			if err != nil {
				return err
			}
			if len(events) == 0 {
				return fmt.Errorf("no events on stdin")
			}
			var opts []stream.AppendOption
			if expect >= 0 {
				opts = append(opts, stream.ExpectVersion(uint64(expect)))
			}
			s, err := a.openStream(cmd.Context(), args[0], true)
			if err != nil {
				return err
			}
			defer s.Close()
			if len(to) > 0 {
				rs, err := a.recipients(cmd.Context(), to)
				if err != nil {
					return err
				}
				opts = append(opts, stream.To(rs...))
			}
			v, err := s.Append(cmd.Context(), events, opts...)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%s: %d events, version %d\n", args[0], len(events), v)
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&to, "to", nil, "seal the events to identity `ID` only (repeatable; needs --writer)")
	cmd.Flags().Int64Var(&expect, "expect", -1, "fail unless the stream is at version `V` (0: empty)")
	return cmd
}

// readEvents reads append's input: one JSON event a line, blank lines
// skipped. An error names the line, never its content.
func (a *app) readEvents() ([]sealstream.Event, error) {
	sc := bufio.NewScanner(a.stdin)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	var events []sealstream.Event
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		e, err := decodeEvent(line)
		if err != nil {
			return nil, fmt.Errorf("stdin line %d: %w", n, err)
		}
		events = append(events, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read stdin: %w", err)
	}
	return events, nil
}
