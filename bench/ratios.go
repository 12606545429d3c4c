package main

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// comparison divides the value of row num by that of row den.
type comparison struct{ num, den, label string }

// limitComparisons set sealstream beside what the machine can do at best.
var limitComparisons = []comparison{
	{"mem.append1", "limit.slice", "mem append 1/call ÷ slice append"},
	{"mem.append100", "limit.slice", "mem append 100/call ÷ slice append"},
	{"mem.replay", "limit.aesgcm", "mem replay ÷ AES-GCM open"},
	{"file.append1", "limit.fsync1", "file append 1/call ÷ write+fsync per line"},
	{"file.append100", "limit.fsync100", "file append 100/call ÷ 100 lines + fsync"},
	{"file.append16", "limit.fsync1", "file 16 appenders ÷ write+fsync per line"},
	{"file.replay", "limit.aesgcm", "file replay ÷ AES-GCM open"},
}

// peerComparisons set sealstream beside the peers on the same workload:
// the in-memory store against hallgren's memory store, the file store
// against hallgren's SQLite store (both fsync every commit).
var peerComparisons = []comparison{
	{"mem.append1", "hallgren.save1", "mem append 1/call ÷ hallgren memory Save 1/call"},
	{"mem.append100", "hallgren.save100", "mem append 100/call ÷ hallgren memory Save 100/call"},
	{"mem.replay", "hallgren.get", "mem replay ÷ hallgren memory Get+iterate"},
	{"mem.heap", "hallgren.heap", "mem replay heap ÷ hallgren memory Get heap"},
	{"mem.append1", "aggregate.save1", "mem append 1/call ÷ hallgren aggregate save 1/call"},
	{"mem.append100", "aggregate.save100", "mem append 100/call ÷ hallgren aggregate save 100/call"},
	{"mem.replay", "aggregate.load", "mem replay ÷ hallgren aggregate load"},
	{"mem.heap", "aggregate.heap", "mem replay heap ÷ hallgren aggregate load heap"},
	{"file.append1", "sqlite.append1", "file append 1/call ÷ hallgren sqlite Save 1/call"},
	{"file.append100", "sqlite.append100", "file append 100/call ÷ hallgren sqlite Save 100/call"},
	{"file.replay", "sqlite.replay", "file replay ÷ hallgren sqlite Get+iterate"},
	{"file.heap", "sqlite.heap", "file replay heap ÷ hallgren sqlite Get heap"},
	{"file.open", "sqlite.open", "file cold open+append ÷ hallgren sqlite reopen+Save"},
}

// printRatios writes one line per comparison whose rows were measured.
// Against a limit the reading is the share of it reached; against a peer it
// says which side is ahead.
func printRatios(w io.Writer, title string, r *report, cs []comparison, vsLimit bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header := false
	for _, c := range cs {
		num, ok1 := r.get(c.num)
		den, ok2 := r.get(c.den)
		if !ok1 || !ok2 {
			continue // a section that did not run
		}
		if !header {
			fmt.Fprintf(tw, "\n%s\tRATIO\tREADING\n", title)
			header = true
		}
		label := "sealstream " + c.label
		if num.na != "" || den.na != "" || den.value <= 0 || (den.unit == mib && den.value < 0.1) {
			fmt.Fprintf(tw, "%s\tn/a\t\n", label)
			continue
		}
		q := num.value / den.value
		read := reading(num, q)
		if vsLimit {
			read = fmt.Sprintf("%.1f%% of the limit", 100*q)
		}
		fmt.Fprintf(tw, "%s\t%s×\t%s\n", label, fmtRatio(q), read)
	}
	return tw.Flush()
}

// reading says in words which side a ratio q = num ÷ den favours.
func reading(num row, q float64) string {
	better := q > 1
	if num.lowerBetter() {
		better = q < 1
	}
	dir := "higher is better"
	if num.lowerBetter() {
		dir = "lower is better"
	}
	if better {
		return dir + ": sealstream ahead"
	}
	return dir + ": sealstream behind"
}

func fmtRatio(q float64) string {
	switch {
	case q >= 10:
		return fmt.Sprintf("%.0f", q)
	case q >= 0.1:
		return fmt.Sprintf("%.2f", q)
	}
	return fmt.Sprintf("%.4f", q)
}
