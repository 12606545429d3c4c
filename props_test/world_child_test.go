package props_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"testing"
	"time"
)

// worldChildEnv, set to a directory, makes the test binary the second
// process of the world model: a handle on the file location in that
// directory, serving requests read as JSON lines on stdin.
const worldChildEnv = "SEALSTREAM_PROPS_WORLD_CHILD"

// replyTimeout bounds how long the parent waits for one reply.
const replyTimeout = time.Minute

// worldChild serves requests on stdin until it closes, answering each
// with a reply on stdout, and returns the exit code.
func worldChild(dir string) int {
	master, err := worldMaster()
	if err != nil {
		fmt.Fprintln(os.Stderr, "second process: master key:", err)
		return 1
	}
	to, err := recipient()
	if err != nil {
		fmt.Fprintln(os.Stderr, "second process: recipient:", err)
		return 1
	}
	l := &local{newStore: fileStoreMaker(dir, master), to: to}
	defer l.shutdown()
	ctx := context.Background()
	dec, enc := json.NewDecoder(os.Stdin), json.NewEncoder(os.Stdout)
	for {
		var q request
		if err := dec.Decode(&q); errors.Is(err, io.EOF) {
			return 0
		} else if err != nil {
			fmt.Fprintln(os.Stderr, "second process: request:", err)
			return 1
		}
		if err := enc.Encode(l.do(ctx, q)); err != nil {
			fmt.Fprintln(os.Stderr, "second process: reply:", err)
			return 1
		}
	}
}

// remote is the parent's end of the second process: a handler whose
// requests it runs. Once a request fails to cross, every later one fails.
type remote struct {
	in     io.WriteCloser
	out    *os.File
	enc    *json.Encoder
	dec    *json.Decoder
	broken error
}

// startChild starts the second process on directory dir. At the end of
// the test it closes the child's stdin and expects a clean exit (which a
// race found in the child would prevent), killing it if it hangs.
func startChild(t *testing.T, dir string) *remote {
	t.Helper()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), worldChildEnv+"="+dir)
	cmd.Stdout, cmd.Stderr = pw, os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	err = cmd.Start()
	_ = pw.Close() // the child holds its own copy
	if err != nil {
		_ = pr.Close()
		t.Fatalf("starting the second process: %v", err)
	}
	t.Cleanup(func() {
		defer pr.Close()
		_ = in.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		timer := time.NewTimer(replyTimeout)
		defer timer.Stop()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("second process: %v", err)
			}
		case <-timer.C:
			_ = cmd.Process.Kill()
			<-done
			t.Errorf("second process did not exit when its input closed; killed")
		}
	})
	return &remote{in: in, out: pr, enc: json.NewEncoder(in), dec: json.NewDecoder(pr)}
}

func (r *remote) do(_ context.Context, q request) reply {
	if r.broken == nil {
		r.broken = r.enc.Encode(q)
	}
	if r.broken == nil {
		r.broken = r.out.SetReadDeadline(time.Now().Add(replyTimeout))
	}
	var p reply
	if r.broken == nil {
		r.broken = r.dec.Decode(&p)
	}
	if r.broken != nil {
		return reply{Err: "other:second process: " + r.broken.Error()}
	}
	return p
}
