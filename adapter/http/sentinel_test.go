package httpadapter_test

import (
	"bytes"
	"context"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/http/server"
)

// lockedBuffer is a log destination safe for concurrent writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestNoPlaintextOnServer appends a sentinel plaintext through two devices
// and takes a checkpoint, then looks for it, and for the passphrase and
// the tokens, in every file the server wrote and in its request log: none
// is there, and the log has a line per request.
func TestNoPlaintextOnServer(t *testing.T) {
	const sentinel = "SENTINEL-plaintext-7f3a"
	logs := &lockedBuffer{}
	ts := startServer(t, func(o *server.Options) { o.Log = slog.New(slog.NewTextHandler(logs, nil)) })
	ctx := context.Background()
	for d := range 2 {
		s := openCount(t, device(t, ts.URL, ts.token("all")), "alice")
		if _, err := s.Append(ctx, []sealstream.Event{{Type: "Noted", Data: []byte(sentinel)}}); err != nil {
			t.Fatalf("device %d: %v", d, err)
		}
		if _, err := s.Checkpoint(ctx); err != nil {
			t.Fatal(err)
		}
		if n, err := s.State(ctx); err != nil || n != d+1 {
			t.Fatalf("device %d folds %d events, %v", d, n, err)
		}
	}
	secrets := []string{sentinel, "correct horse battery", ts.token("all")}
	files := 0
	err := filepath.WalkDir(ts.Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		for _, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds a secret of %d bytes", path, len(s))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 3 {
		t.Fatalf("the server wrote %d files, want the stream and keyset blobs", files)
	}
	log := logs.String()
	for _, s := range secrets {
		if strings.Contains(log, s) {
			t.Errorf("the request log holds a secret of %d bytes", len(s))
		}
	}
	if !strings.Contains(log, "path=/v1/records") || !strings.Contains(log, "token=all") {
		t.Fatalf("the request log misses the appends:\n%s", log)
	}
}
