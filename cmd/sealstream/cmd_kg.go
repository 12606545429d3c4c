package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/sealstream/sealstream/kg"
	"github.com/spf13/cobra"
)

func (a *app) kgCmd() *cobra.Command {
	var (
		rf     readFlags
		rules  string
		format string
		asOf   uint64
	)
	cmd := &cobra.Command{
		Use:   "kg ID --rules FILE",
		Short: "Draw a stream's knowledge graph: DOT, JSON, or SVG/PNG through Graphviz",
		Long: "kg folds the stream into a knowledge graph with the rules in FILE (see the kg\n" +
			"package: one rule a line, \"Type: subject -predicate-> object($.field)\") and\n" +
			"writes it to stdout as dot, json, or any Graphviz output format (svg, png, pdf).",
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if rules == "" {
				return usagef("kg needs --rules FILE")
			}
			text, err := os.ReadFile(rules)
			if err != nil {
				return fmt.Errorf("read the rules: %w", err)
			}
			rs, err := kg.ParseRules(string(text))
			if err != nil {
				return fmt.Errorf("rules %s: %w", rules, err)
			}
			rf.format = "jsonl"
			opts, err := rf.options()
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			s, err := a.openStream(ctx, args[0], false)
			if err != nil {
				return err
			}
			defer s.Close()
			g, err := kg.Build(s.Read(ctx, opts...), rs.Extract)
			if err != nil {
				return err
			}
			if asOf > 0 {
				g = g.AsOf(asOf)
			}
			var out []byte
			switch format {
			case "dot":
				out, err = g.MarshalDOT(args[0])
			case "json":
				out, err = json.Marshal(g)
				out = append(out, '\n')
			default:
				err = g.Render(ctx, a.stdout, format)
				if errors.Is(err, kg.ErrNoGraphviz) {
					err = fmt.Errorf("format %s needs Graphviz's dot program (Debian: apt-get install graphviz): %w", format, err)
				}
			}
			if err != nil {
				return err
			}
			_, err = a.stdout.Write(out)
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&rules, "rules", "", "read the graph's rules from `FILE`")
	f.StringVar(&format, "format", "dot", "output `FORMAT`: dot, json, svg, png or another Graphviz format")
	f.Uint64Var(&asOf, "as-of", 0, "the graph as of version `V` (0: the head)")
	f.Uint64Var(&rf.from, "from", 0, "fold the events from version `V`")
	f.StringVar(&rf.as, "as", "", "read as `IDENTITY` (events sealed to recipients)")
	return cmd
}
