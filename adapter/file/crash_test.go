package file_test

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/codec"
)

// TestKill9 kills a child process appending records (one per call, or in
// batches of 1 to 50 records) with SIGKILL at a random moment, round after
// round on one stream, and checks after each round that every acknowledged
// record is present, versions are contiguous, every batch is there whole
// or not at all, and a second reopen finds nothing more to cut.
// -file.rounds=100 runs the long variant.
func TestKill9(t *testing.T) {
	for _, tc := range []struct{ workers, batch int }{{1, 1}, {16, 1}, {1, 50}, {16, 50}} {
		t.Run(fmt.Sprintf("%d appenders, batches of 1-%d", tc.workers, tc.batch), func(t *testing.T) {
			rng := seeded(t)
			dir := t.TempDir()
			acked := map[uint64]string{}
			for round := range *roundsFlag {
				waitAcks, pause := rng.IntN(40), time.Duration(rng.IntN(2000))*time.Microsecond
				env := []string{fmt.Sprintf("WORKERS=%d", tc.workers), fmt.Sprintf("BATCH=%d", tc.batch),
					fmt.Sprintf("ROUND=%d", round), fmt.Sprintf("SEED=%d", rng.Uint64())}
				n := killRound(t, dir, env, waitAcks, pause, acked)
				cut := checkAfterCrash(t, dir, acked)
				t.Logf("round %d: killed after %d acks (+%v); %d acknowledged in all; %d torn tails cut",
					round, n, pause, len(acked), cut)
			}
		})
	}
}

// killRound starts the appending child, kills it with SIGKILL once it
// acknowledged waitAcks records and pause passed, and adds the
// acknowledgements it printed to acked.
func killRound(t *testing.T, dir string, env []string, waitAcks int, pause time.Duration, acked map[uint64]string) int {
	t.Helper()
	cmd := helper("append", append([]string{"DIR=" + dir, "STREAM=crashy", "COUNT=10000"}, env...)...)
	out, err := cmd.StdoutPipe()
	mustf(t, err, "stdout pipe")
	mustf(t, cmd.Start(), "start child")
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	n := 0
	record := func(line string) {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "ack" {
			v, err := strconv.ParseUint(f[1], 10, 64)
			mustf(t, err, "ack line %q", line)
			if prev, ok := acked[v]; ok && prev != f[2] {
				t.Fatalf("version %d acknowledged twice: %s and %s", v, prev, f[2])
			}
			acked[v] = f[2]
			n++
		}
	}
	for n < waitAcks {
		line, ok := <-lines
		if !ok {
			break
		}
		record(line)
	}
	time.Sleep(pause)
	if err := cmd.Process.Signal(os.Kill); err != nil {
		t.Logf("kill: %v", err)
	}
	for line := range lines {
		record(line)
	}
	_ = cmd.Wait()
	if cmd.ProcessState.Success() {
		t.Fatalf("child finished all its appends before the kill")
	}
	return n
}

// wholeBatches checks that the records of every batch, named prefix.j.n,
// are all stored, in order, at consecutive versions.
func wholeBatches(t *testing.T, recs []codec.Record) {
	t.Helper()
	type batch struct {
		first uint64
		n     int
		seen  int
	}
	batches := map[string]*batch{}
	for _, r := range recs {
		f := strings.Split(r.ID, ".")
		j, err1 := strconv.Atoi(f[len(f)-2])
		n, err2 := strconv.Atoi(f[len(f)-1])
		if len(f) != 3 || err1 != nil || err2 != nil {
			t.Fatalf("record %d has ID %q, not prefix.j.n", r.Version, r.ID)
		}
		b := batches[f[0]]
		if b == nil {
			b = &batch{first: r.Version - uint64(j), n: n}
			batches[f[0]] = b
		}
		if b.first != r.Version-uint64(j) || b.n != n {
			t.Fatalf("record %d (%s) is out of place in its batch", r.Version, r.ID)
		}
		b.seen++
	}
	for prefix, b := range batches {
		if b.seen != b.n {
			t.Fatalf("batch %s at version %d: %d of its %d records stored", prefix, b.first, b.seen, b.n)
		}
	}
}

func checkAfterCrash(t *testing.T, dir string, acked map[uint64]string) uint64 {
	t.Helper()
	a := openAdapter(t, dir, quiet())
	l := openLog(t, a, "crashy")
	recs := readAll(t, l)
	ids := map[string]bool{}
	for i, r := range recs {
		if r.Version != uint64(i+1) {
			t.Fatalf("record %d has version %d", i+1, r.Version)
		}
		if ids[r.ID] {
			t.Fatalf("ID %s stored twice", r.ID)
		}
		ids[r.ID] = true
		if want := crashRecord(r.Version, r.ID); !r.Equal(want) {
			t.Fatalf("record %d = %+v, want %+v", r.Version, r, want)
		}
	}
	wholeBatches(t, recs)
	for v, id := range acked {
		if v > uint64(len(recs)) || recs[v-1].ID != id {
			t.Fatalf("acknowledged record %d (%s) lost; %d records on disk", v, id, len(recs))
		}
	}
	findAll(t, l, recs) // the event-ID table lost nothing either
	h, err := l.Head(t.Context())
	mustf(t, err, "head")
	_ = l.Close()
	recovered := a.Recovered()
	mustf(t, a.Close(), "close")

	var cut []file.Recovery
	b := openAdapter(t, dir, &file.Options{DisableNotify: true, PollInterval: -1,
		OnRecover: func(r file.Recovery) { cut = append(cut, r) }})
	l2 := openLog(t, b, "crashy")
	h2, err := l2.Head(t.Context())
	mustf(t, err, "head after second reopen")
	if len(cut) != 0 || h2.Version != h.Version || h2.Bytes != h.Bytes {
		t.Fatalf("second reopen: cut %+v, head %d (%d bytes), want nothing cut and head %d (%d bytes)",
			cut, h2.Version, h2.Bytes, h.Version, h.Bytes)
	}
	_ = l2.Close()
	mustf(t, b.Close(), "close")
	return recovered
}
