package main_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// command returns a command running sealstream (this test binary under
// that name) in dir with env.
func command(t testing.TB, dir string, env []string, args ...string) *exec.Cmd {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "sealstream")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(self, bin); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TERM=xterm"}, env...)
	return cmd
}

// terminal is a command running on a pseudo-terminal, as a person sees it.
type terminal struct {
	t    *testing.T
	ptmx *os.File
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
}

func startTerminal(t *testing.T, cmd *exec.Cmd) *terminal {
	t.Helper()
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 100})
	if err != nil {
		t.Fatal(err)
	}
	tm := &terminal{t: t, ptmx: ptmx, cmd: cmd, done: make(chan struct{})}
	go func() {
		defer close(tm.done)
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			tm.mu.Lock()
			tm.out.Write(buf[:n])
			tm.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = ptmx.Close()
		<-tm.done
	})
	return tm
}

// screen is all the terminal showed so far.
func (tm *terminal) screen() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.out.String()
}

// waitFor waits until the terminal shows s.
func (tm *terminal) waitFor(s string) {
	tm.t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); {
		if strings.Contains(tm.screen(), s) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	tm.t.Fatalf("the terminal never showed %q; it showed:\n%s", s, tm.screen())
}

// waitNoEcho waits until the terminal stops echoing what is typed.
func (tm *terminal) waitNoEcho() {
	tm.t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); {
		tio, err := unix.IoctlGetTermios(int(tm.ptmx.Fd()), unix.TCGETS)
		if err == nil && tio.Lflag&unix.ECHO == 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	tm.t.Fatal("echo was never turned off")
}

// typeLine types s and Enter.
func (tm *terminal) typeLine(s string) {
	if _, err := tm.ptmx.Write([]byte(s + "\r")); err != nil {
		tm.t.Fatal(err)
	}
}

// exit waits for the command and returns its exit code and the screen.
func (tm *terminal) exit() (int, string) {
	tm.t.Helper()
	err := tm.cmd.Wait()
	var ee *exec.ExitError
	code := 0
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		tm.t.Fatal(err)
	}
	select { // the slave side is closed: the reader drains and ends
	case <-tm.done:
	case <-time.After(5 * time.Second):
	}
	return code, strings.ReplaceAll(tm.screen(), "\r", "")
}
