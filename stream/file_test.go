package stream_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/stream"
)

const (
	childEnv  = "SEALSTREAM_STREAM_TEST_CHILD"
	appendEnv = "SEALSTREAM_STREAM_TEST_APPEND"
	paceEnv   = "SEALSTREAM_STREAM_TEST_PACE"
)

func fileStore(t *testing.T, dir, pass string) *stream.Store {
	t.Helper()
	st, err := stream.NewStore(context.Background(), stream.Config{URL: "file://" + dir, Key: []byte(pass)})
	if err != nil {
		t.Fatalf("NewStore(file://%s) = %v", dir, err)
	}
	return st
}

// Seed test 10: a file store keeps its streams across a reopen and in a
// new process, readable with the passphrase and not without it.
func TestFileEndToEnd(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	st := fileStore(t, dir, "correct horse")
	s := openCount(t, st, "user-1")
	mustAppend(t, s, ev("ClaimFiled", "roof"), ev("Subscribed", "gym"))
	m, err := s.Metrics(ctx)
	if err != nil || m.Version != 2 || m.Bytes <= 0 || !strings.HasPrefix(m.File, dir) {
		t.Fatalf("Metrics = %+v, %v", m, err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	st = fileStore(t, dir, "correct horse")
	defer st.Close()
	s = openCount(t, st, "user-1")
	states := collectN(t, s.ReadAndWatch(ctx), 2)
	if states[1] != 2 {
		t.Fatalf("after reopen ReadAndWatch = %v", states)
	}
	mustAppend(t, s, ev("Moved", "Lyon"))

	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), childEnv+"="+dir)
	out, err := child.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "state 3 Lyon") {
		t.Fatalf("child process: %v\n%s", err, out)
	}
	if _, err := stream.NewStore(ctx, stream.Config{URL: "file://" + dir, Key: []byte("wrong")}); !errors.Is(err, sealstream.ErrWrongKey) {
		t.Fatalf("NewStore with a wrong passphrase = %v, want ErrWrongKey", err)
	}
	if _, err := os.Stat(filepath.Join(dir, stream.KeyringDir)); err != nil {
		t.Fatalf("keyring directory: %v", err)
	}
}

// fileChild is the child process of the file tests: it appends to the
// stream in dir (SEALSTREAM_STREAM_TEST_APPEND=n) or reads it and prints its
// state and last event.
func fileChild(dir string) int {
	ctx := context.Background()
	if n, _ := strconv.Atoi(os.Getenv(appendEnv)); n > 0 {
		return appendChild(ctx, dir, n)
	}
	st, err := stream.NewStore(ctx, stream.Config{URL: "file://" + dir, Key: []byte("correct horse")})
	if err != nil {
		fmt.Println("child:", err)
		return 1
	}
	defer st.Close()
	s, err := stream.Open(ctx, st, "user-1", fold.Count(), 0)
	if err != nil {
		fmt.Println("child:", err)
		return 1
	}
	defer s.Close()
	n, err := s.State(ctx)
	last, _ := s.Search(ctx, func(e sealstream.Event) bool { return e.Version == uint64(n) })
	if err != nil || len(last) != 1 {
		fmt.Println("child: State", n, err)
		return 1
	}
	fmt.Printf("state %d %s\n", n, last[0].Data)
	return 0
}

func appendChild(ctx context.Context, dir string, n int) int {
	st, err := stream.NewStore(ctx, stream.Config{URL: "file://" + dir, Key: []byte("correct horse")})
	if err != nil {
		fmt.Println("child:", err)
		return 1
	}
	defer st.Close()
	s, err := stream.Open(ctx, st, "shared", fold.Count(), 0)
	if err != nil {
		fmt.Println("child:", err)
		return 1
	}
	defer s.Close()
	pace, _ := time.ParseDuration(os.Getenv(paceEnv))
	for i := range n {
		time.Sleep(pace)
		if _, err := s.Append(ctx, []sealstream.Event{ev("Tick", fmt.Sprint(i))}); err != nil {
			fmt.Println("child:", err)
			return 1
		}
	}
	return 0
}

// A watcher sees every event another process appends, once, in order.
func TestFileWatchAcrossProcesses(t *testing.T) {
	const n = 300
	dir := t.TempDir()
	st := fileStore(t, dir, "correct horse")
	defer st.Close()
	s, err := stream.Open(context.Background(), st, "shared", versions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second) // a hang guard
	defer cancel()
	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), childEnv+"="+dir, appendEnv+"="+strconv.Itoa(n))
	var out strings.Builder
	child.Stdout, child.Stderr = &out, &out
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	var last []uint64
	for got, err := range s.ReadAndWatch(ctx) {
		if err != nil {
			t.Fatalf("watch: %v (child: %s)", err, out.String())
		}
		if last = got; len(got) == n {
			break
		}
	}
	if err := child.Wait(); err != nil {
		t.Fatalf("child: %v\n%s", err, out.String())
	}
	wantSeq(t, last, 1, n)
}
