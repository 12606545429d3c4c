package main

import (
	"bufio"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
)

// record is a 200-byte value for the in-memory append limit.
type record struct{ b [200]byte }

// sink keeps the slice limit's work observable, so it is not optimised away.
var sink []record

// limits measures what the machine allows at best for 200-byte events:
// appending a line with fsync, batching 100 lines per fsync, opening an
// AES-256-GCM payload, and appending to a slice in memory.
func limits(o options, dir string, r *report) error {
	const sec = "limit"
	line := append(payload(o.payload-1), '\n')
	f, err := os.OpenFile(filepath.Join(dir, "limit.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("bench: limits: %w", err)
	}
	defer f.Close()
	calls, el, err := timeBox(o.dur, o.maxEv, func(k int) error {
		for range k {
			if _, err := f.Write(line); err != nil {
				return err
			}
			if err := f.Sync(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("bench: limits: write+fsync: %w", err)
	}
	r.add(rate("limit.fsync1", sec, "write+fsync per line", 1, calls, el))

	w := bufio.NewWriterSize(f, 100*len(line))
	calls, el, err = timeBox(o.dur, o.maxEv/100, func(k int) error {
		for range k {
			for range 100 {
				_, _ = w.Write(line)
			}
			if err := w.Flush(); err != nil {
				return err
			}
			if err := f.Sync(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("bench: limits: buffered write+fsync: %w", err)
	}
	r.add(rate("limit.fsync100", sec, "write 100 lines + one fsync", 100, calls, el))

	if err := aesLimit(o, r); err != nil {
		return err
	}
	sink = make([]record, 0, 1<<16)
	calls, el, _ = timeBox(o.dur, 1<<40, func(k int) error {
		var x record
		for i := range k {
			if len(sink) == cap(sink) {
				sink = sink[:0] // reuse the memory: the limit is the copy itself
			}
			x.b[0] = byte(i)
			sink = append(sink, x)
		}
		return nil
	})
	r.add(rate("limit.slice", sec, "append 200-byte struct to a slice", 1, calls, el))
	sink = nil
	return nil
}

// aesLimit measures opening one sealed 200-byte payload with AES-256-GCM,
// reusing the output buffer.
func aesLimit(o options, r *report) error {
	key := make([]byte, 32)
	nonce := make([]byte, 12)
	_, _ = rand.Read(key)
	_, _ = rand.Read(nonce)
	block, err := aes.NewCipher(key)
	if err != nil {
		return fmt.Errorf("bench: limits: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return fmt.Errorf("bench: limits: %w", err)
	}
	sealed := aead.Seal(nil, nonce, payload(o.payload), nil)
	out := make([]byte, 0, o.payload)
	calls, el, err := timeBox(o.dur, 1<<40, func(k int) error {
		for range k {
			var err error
			if out, err = aead.Open(out[:0], nonce, sealed, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("bench: limits: AES-GCM open: %w", err)
	}
	r.add(rate("limit.aesgcm", "limit", "AES-256-GCM open of 200 bytes", 1, calls, el))
	return nil
}
