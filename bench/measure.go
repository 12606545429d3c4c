package main

import (
	"slices"
	"strconv"
	"time"
)

// timeBox calls op(k), which must do k calls of the measured operation,
// until d has passed or maxCalls calls were made, and returns the number of
// calls and the time they took. It makes at least one call. k starts at 1
// and doubles while a round takes under 100µs, so the clock is read rarely
// for fast operations and after every call for slow ones.
func timeBox(d time.Duration, maxCalls int, op func(k int) error) (int, time.Duration, error) {
	start := time.Now()
	calls, k := 0, 1
	for {
		k = min(k, maxCalls-calls)
		t := time.Now()
		if err := op(k); err != nil {
			return calls, time.Since(start), err
		}
		calls += k
		now := time.Now()
		if el := now.Sub(start); el >= d || calls >= maxCalls {
			return calls, el, nil
		}
		if now.Sub(t) < 100*time.Microsecond && k < 1<<20 {
			k *= 2
		}
	}
}

// percentiles returns the 50th and 99th percentiles of ds (sorted in place).
func percentiles(ds []time.Duration) (p50, p99 time.Duration) {
	if len(ds) == 0 {
		return 0, 0
	}
	slices.Sort(ds)
	return ds[len(ds)*50/100], ds[min(len(ds)-1, len(ds)*99/100)]
}

// latencyRows returns the p50 and p99 rows of the latencies ds.
func latencyRows(key, section, name string, ds []time.Duration) []row {
	p50, p99 := percentiles(ds)
	detail := func(d time.Duration) string { return fmtDur(d) + ", " + itoa(len(ds)) + " samples" }
	return []row{
		{key: key + ".p50", section: section, name: name + " p50", value: us(p50), unit: micros, detail: detail(p50)},
		{key: key + ".p99", section: section, name: name + " p99", value: us(p99), unit: micros, detail: detail(p99)},
	}
}

// durationRow returns a row for one timed operation, in milliseconds.
func durationRow(key, section, name string, d time.Duration, detail string) row {
	return row{key: key, section: section, name: name, value: float64(d) / float64(time.Millisecond), unit: millis, detail: detail}
}

func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }

func itoa(n int) string { return groupThousands(strconv.Itoa(n)) }
