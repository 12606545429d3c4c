package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// Units of a row's value.
const (
	perSec = "events/s"
	micros = "µs"
	millis = "ms"
	mib    = "MiB"
)

// row is one line of the table. A row whose na is set has no value.
type row struct {
	key     string // stable name the ratios refer to, e.g. "mem.append1"
	section string
	name    string
	value   float64
	unit    string
	detail  string
	na      string
}

// lowerBetter reports whether a smaller value is the better one.
func (r row) lowerBetter() bool { return r.unit != perSec }

// report collects the rows of a run in order.
type report struct {
	rows []row
	errs []error
}

func (r *report) add(x row) { r.rows = append(r.rows, x) }

// get returns the row with the given key.
func (r *report) get(key string) (row, bool) {
	for _, x := range r.rows {
		if x.key == key {
			return x, true
		}
	}
	return row{}, false
}

// rate returns a throughput row: calls calls of perCall events each took el.
func rate(key, section, name string, perCall, calls int, el time.Duration) row {
	ev := float64(calls * perCall)
	return row{key: key, section: section, name: name, value: ev / el.Seconds(), unit: perSec,
		detail: fmt.Sprintf("%s/call, %s calls", fmtDur(el/time.Duration(max(calls, 1))), itoa(calls))}
}

// notAvailable returns a row with no value and the reason why.
func notAvailable(key, section, name, why string) row {
	return row{key: key, section: section, name: name, na: why}
}

func fmtDur(d time.Duration) string {
	switch {
	case d < time.Microsecond:
		return fmt.Sprintf("%dns", d.Nanoseconds())
	case d < time.Millisecond:
		return fmt.Sprintf("%.1fµs", float64(d)/float64(time.Microsecond))
	case d < time.Second:
		return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}

func fmtValue(v float64) string {
	switch {
	case v >= 100:
		return groupThousands(fmt.Sprintf("%.0f", v))
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// groupThousands puts commas in a string of digits: 1234567 -> 1,234,567.
func groupThousands(s string) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// printRows writes the measurements as an aligned table.
func printRows(w io.Writer, rows []row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SECTION\tMEASUREMENT\tVALUE\tUNIT\tDETAIL")
	last := ""
	for _, x := range rows {
		sec := x.section
		if sec == last {
			sec = ""
		}
		last = x.section
		if x.na != "" {
			fmt.Fprintf(tw, "%s\t%s\tn/a\t\t%s\n", sec, x.name, x.na)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", sec, x.name, fmtValue(x.value), x.unit, x.detail)
	}
	return tw.Flush()
}
