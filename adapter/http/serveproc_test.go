package httpadapter_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter/http/server"
)

// serverProcess is sealstream-serve running as a child process: this test
// binary, started with serveEnv.
type serverProcess struct {
	cmd  *exec.Cmd
	url  string
	addr string
}

// writeTokens writes a token list for one full-rights token into dir and
// returns the token and the list's path.
func writeTokens(t testing.TB, dir string) (token, path string) {
	t.Helper()
	tok, hash, err := server.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal([]server.Token{{Name: "all", Hash: hash, Blobs: "main", Read: true, Write: true}})
	if err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(dir, "tokens.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return tok, path
}

// startServe starts the server process with args and waits until it
// listens. A process still running when the test ends is killed.
func startServe(t testing.TB, args ...string) *serverProcess {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), serveEnv+"="+strings.Join(args, " "))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("the server process printed %q: %v", line, err)
	}
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if !ok {
		t.Fatalf("the server process printed %q", line)
	}
	p := &serverProcess{cmd: cmd, url: url, addr: strings.TrimPrefix(url, "http://")}
	p.waitHealthy(t)
	return p
}

// waitHealthy waits until the server answers its health check.
func (p *serverProcess) waitHealthy(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(p.url + "/v1/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				http.DefaultClient.CloseIdleConnections()
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the server process does not answer its health check")
}

// kill kills the process with SIGKILL and waits for it.
func (p *serverProcess) kill(t testing.TB) {
	t.Helper()
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = p.cmd.Wait()
}

// stop asks the process to shut down (SIGTERM) and waits; it fails t
// unless the process exits with status 0.
func (p *serverProcess) stop(t testing.TB) {
	t.Helper()
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("the server process after SIGINT: %v", err)
	}
}
