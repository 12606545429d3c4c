package file

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"strings"

	"github.com/sealstream/sealstream"
)

// Streams yields the IDs starting with prefix of the streams that have a
// file in the directory, in directory order. A stream counts from its
// first Open, which creates its file, until Erase. A plain ID is its file
// name; a hashed file name is mapped back to its ID through the file's
// header line, which must name an ID that hashes to that very name. Lock,
// ".broken", sidecar and temporary files, empty files and names the
// adapter never makes are ignored. A stream file that is not a regular
// file, or whose header is damaged or names another file's stream, stops
// the listing with an error matching [sealstream.ErrCorrupt] that names
// the file.
// Files created or removed during the listing may or may not be listed.
// A canceled ctx yields ctx's error; after Close, an error matching
// [sealstream.ErrClosed].
func (a *Adapter) Streams(ctx context.Context, prefix string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		if err := ctx.Err(); err != nil {
			yield("", err)
			return
		}
		if err := a.list(ctx, prefix, yield); err != nil {
			yield("", err)
		}
	}
}

// list reads the directory in batches and yields the matching IDs. It
// returns the error to yield, if any.
func (a *Adapter) list(ctx context.Context, prefix string, yield func(string, error) bool) error {
	if a.closed.Load() {
		return fmt.Errorf("file: list streams: %w", sealstream.ErrClosed)
	}
	d, err := a.fs.root.Open(".")
	if err != nil {
		return listErr("open directory", err)
	}
	defer d.Close()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		entries, err := d.ReadDir(256)
		for _, e := range entries {
			id, ok, err := a.streamOf(e, prefix)
			switch {
			case err != nil:
				return err
			case ok && !yield(id, nil):
				return nil
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return listErr("read directory", err)
		}
	}
}

// streamOf returns the ID of the stream whose file e is, if it starts
// with prefix. ok is false for anything else.
func (a *Adapter) streamOf(e fs.DirEntry, prefix string) (id string, ok bool, err error) {
	name := e.Name()
	base, isStream := strings.CutSuffix(name, ".jsonl")
	if !isStream || isSidecar(name) {
		return "", false, nil
	}
	hashed := isHashName(base)
	if !hashed && (!plain(base) || !strings.HasPrefix(base, prefix)) {
		return "", false, nil
	}
	fi, err := e.Info()
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", false, nil // removed meanwhile
	case err != nil:
		return "", false, listErr("stat "+name, err)
	case !fi.Mode().IsRegular():
		return "", false, listCorrupt(name, "not a regular file")
	case fi.Size() == 0:
		return "", false, nil // no stream yet: Open treats it as missing
	case !hashed:
		return base, true, nil
	}
	id, err = a.headerID(name)
	if err != nil || id == "" {
		return "", false, err
	}
	return id, strings.HasPrefix(id, prefix), nil
}

// headerID returns the stream ID the header of the hashed file name
// names, or "" if the file is gone.
func (a *Adapter) headerID(name string) (string, error) {
	f, err := a.fs.root.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", listErr("open "+name, err)
	}
	defer f.Close()
	buf := make([]byte, maxHeader+1)
	n, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return "", listErr("read header of "+name, err)
	}
	i := bytes.IndexByte(buf[:n], '\n')
	if i < 0 {
		return "", listCorrupt(name, "header line incomplete or too long")
	}
	id, e := parseHeader(buf[:i])
	if e != nil {
		return "", listCorrupt(name, fmt.Sprintf("bad header: %s at byte %d", e.what, e.at))
	}
	if want, err := fileName(id); err != nil || want != name {
		return "", listCorrupt(name, "header names a stream whose file is another")
	}
	return id, nil
}

// isHashName reports whether base is "h." and 64 lower-case hex digits.
func isHashName(base string) bool {
	hexPart, ok := strings.CutPrefix(base, "h.")
	if !ok || len(hexPart) != 64 {
		return false
	}
	for i := 0; i < len(hexPart); i++ {
		if c := hexPart[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func listErr(op string, err error) error {
	if errors.Is(err, os.ErrClosed) {
		return fmt.Errorf("file: list streams: %s: %w", op, sealstream.ErrClosed)
	}
	return fmt.Errorf("file: list streams: %s: %w", op, err)
}

func listCorrupt(name, why string) error {
	return fmt.Errorf("file: list streams: %s: %s: %w", name, why, sealstream.ErrCorrupt)
}
