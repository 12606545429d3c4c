package main

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"time"
)

// Metrics read: the heap memory held by objects, live or not yet swept,
// and the bytes allocated since the program started.
const (
	heapMetric   = "/memory/classes/heap/objects:bytes"
	allocsMetric = "/gc/heap/allocs:bytes"
)

// heapWatch samples the heap in a goroutine to find its peak.
type heapWatch struct {
	base   uint64
	peak   uint64
	allocs uint64 // allocated bytes at the start
	stop   chan struct{}
	done   chan struct{}
}

// watchHeap collects garbage, takes the heap size as the baseline, and
// samples the heap every millisecond until Stop.
func watchHeap() *heapWatch {
	runtime.GC()
	h := &heapWatch{base: heapBytes(), allocs: read(allocsMetric), stop: make(chan struct{}), done: make(chan struct{})}
	h.peak = h.base
	go func() {
		defer close(h.done)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-h.stop:
				return
			case <-tick.C:
				h.peak = max(h.peak, heapBytes())
			}
		}
	}()
	return h
}

// heapUse is what a heapWatch saw, in MiB.
type heapUse struct {
	peak      float64 // peak growth above the baseline, garbage included
	allocated float64 // bytes allocated meanwhile, freed or not
}

// Stop ends the sampling and returns the peak growth above the baseline
// and the bytes allocated since watchHeap. The peak counts garbage not yet
// collected, as the heap really grows, so it moves with GOGC and with the
// size of the baseline; the allocated bytes do not.
func (h *heapWatch) Stop() heapUse {
	close(h.stop)
	<-h.done
	h.peak = max(h.peak, heapBytes())
	return heapUse{peak: float64(h.peak-h.base) / (1 << 20), allocated: float64(read(allocsMetric)-h.allocs) / (1 << 20)}
}

func heapBytes() uint64 { return read(heapMetric) }

// read returns the value of one runtime metric of kind uint64.
func read(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// heapRow returns the row of the heap use u.
func heapRow(key, section, name string, u heapUse) row {
	return row{key: key, section: section, name: name, value: u.peak, unit: mib,
		detail: fmt.Sprintf("peak above the post-GC baseline, garbage included; %s MiB allocated in all", fmtValue(u.allocated))}
}

// measured runs count, which reads events and says how many it saw, while
// sampling the heap; it returns the time taken, the heap use, and an error
// if count failed or saw other than n events.
func measured(n int, count func() (int, error)) (time.Duration, heapUse, error) {
	h := watchHeap()
	start := time.Now()
	got, err := count()
	el := time.Since(start)
	grew := h.Stop()
	if err == nil && got != n {
		err = fmt.Errorf("read %d events, want %d", got, n)
	}
	return el, grew, err
}
