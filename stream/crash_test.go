package stream_test

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/stream"
)

const killEnv = "SEALSTREAM_STREAM_TEST_KILL" // writers of the child to kill

var killRounds = flag.Int("stream.killrounds", 10, "rounds of the kill -9 test per writer count")

// TESTING.md row 1 through the whole stack: a child process appends sealed
// events (1 or 16 writers) and prints each acknowledged event; it is killed
// with SIGKILL at a random moment after its first acknowledgement. After
// reopening, every acknowledged event is there at its version and
// decrypts, the chain verifies, and a second reopen changes nothing.
func TestKill9(t *testing.T) {
	seed := time.Now().UnixNano()
	t.Logf("seed: %d (-stream.killrounds=%d)", seed, *killRounds)
	rng := rand.New(rand.NewPCG(uint64(seed), 1))
	total := 0
	for _, writers := range []int{1, 16} {
		for round := range *killRounds {
			dir := t.TempDir()
			child := exec.Command(os.Args[0], "-test.run=^$")
			child.Env = append(os.Environ(), childEnv+"="+dir, killEnv+"="+strconv.Itoa(writers))
			out, err := child.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := child.Start(); err != nil {
				t.Fatal(err)
			}
			acked := map[string]uint64{}
			lines := bufio.NewScanner(out)
			var deadline time.Time // starts at the first acknowledgement
			for lines.Scan() && (deadline.IsZero() || time.Now().Before(deadline)) {
				var id string
				var v uint64
				if _, err := fmt.Sscan(lines.Text(), &id, &v); err == nil {
					acked[id] = v
				}
				if deadline.IsZero() {
					deadline = time.Now().Add(time.Duration(rng.IntN(300)) * time.Millisecond)
				}
			}
			_ = child.Process.Signal(syscall.SIGKILL)
			for lines.Scan() { // acknowledgements printed before the kill landed
				var id string
				var v uint64
				if _, err := fmt.Sscan(lines.Text(), &id, &v); err == nil {
					acked[id] = v
				}
			}
			_ = child.Wait()
			total += len(acked)
			for range 2 {
				checkAcked(t, dir, acked, fmt.Sprintf("writers %d round %d", writers, round))
			}
		}
	}
	t.Logf("%d acknowledged events checked", total)
	if total == 0 {
		t.Fatal("no child acknowledged anything before its kill: the test saw nothing")
	}
}

func checkAcked(t *testing.T, dir string, acked map[string]uint64, what string) {
	t.Helper()
	ctx := context.Background()
	st := fileStore(t, dir, "correct horse")
	defer st.Close()
	s, err := stream.Open(ctx, st, "crash", fold.Count(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Verify(ctx); err != nil {
		t.Fatalf("%s: Verify = %v", what, err)
	}
	found := 0
	for e, err := range s.Read(ctx) {
		if err != nil {
			t.Fatalf("%s: Read = %v", what, err)
		}
		if v, ok := acked[e.ID]; ok {
			if v != e.Version || string(e.Data) != e.ID {
				t.Fatalf("%s: acknowledged %s at %d, found at %d with data %q", what, e.ID, v, e.Version, e.Data)
			}
			found++
		}
	}
	if found != len(acked) {
		t.Fatalf("%s: %d of %d acknowledged events present", what, found, len(acked))
	}
}

// killChild appends until killed, printing "ID version" per acknowledgement.
func killChild(dir string, writers int) int {
	ctx := context.Background()
	st, err := stream.NewStore(ctx, stream.Config{URL: "file://" + dir, Key: []byte("correct horse")})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	s, err := stream.Open(ctx, st, "crash", fold.Count(), 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := 0; ; i++ {
				id := fmt.Sprintf("w%d-%d", w, i)
				v, err := s.Append(ctx, []sealstream.Event{{ID: id, Type: "Tick", Data: []byte(id)}})
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
				mu.Lock()
				fmt.Println(id, v)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return 0
}
