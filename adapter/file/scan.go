package file

import (
	"bytes"
	"context"
	"errors"
	"io"
)

// errLineTooLong reports a line with no newline within the size limit.
var errLineTooLong = errors.New("line longer than the limit")

// scanLines calls fn with the offset and bytes (without newline) of each
// complete line in [from, size) of r, in order, and returns the offset
// just past the last complete line: bytes from there to size are an
// incomplete line. It never holds more than max+1 bytes of one line: a
// longer line stops the scan with errLineTooLong at that line's offset.
// An error from fn stops the scan; it is returned with the offset of the
// line fn refused. Before each read, of at most 64 KiB unless a longer
// line needs more, it checks ctx, and stops with ctx's error (which is
// context.Canceled or context.DeadlineExceeded) once ctx is done.
func scanLines(ctx context.Context, r io.ReaderAt, from, size int64, max int, fn func(off int64, line []byte) error) (int64, error) {
	buf := make([]byte, min(64<<10, max+1, int(min(size-from, 1<<30))+1))
	off, n := from, 0 // buf[:n] holds the file bytes at [off, off+n)
	for {
		if err := ctx.Err(); err != nil {
			return off, err
		}
		if want := min(int64(len(buf)-n), size-off-int64(n)); want > 0 {
			m, err := r.ReadAt(buf[n:n+int(want)], off+int64(n))
			n += m
			if err != nil && (!errors.Is(err, io.EOF) || m == 0) {
				if errors.Is(err, io.EOF) {
					size = off + int64(n) // the file shrank under us
				} else {
					return off, err
				}
			}
		}
		i := 0
		for {
			j := bytes.IndexByte(buf[i:n], '\n')
			if j < 0 {
				break
			}
			if j > max {
				return off + int64(i), errLineTooLong
			}
			if err := fn(off+int64(i), buf[i:i+j]); err != nil {
				return off + int64(i), err
			}
			i += j + 1
		}
		n = copy(buf, buf[i:n])
		off += int64(i)
		if n > max {
			return off, errLineTooLong
		}
		if off+int64(n) >= size {
			return off, nil
		}
		if n == len(buf) {
			grown := make([]byte, min(2*len(buf), max+1))
			copy(grown, buf[:n])
			buf = grown
		}
	}
}
