package wire

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// WriteEvent writes one Server-Sent Event: its id (when not empty), its
// name and data on one line, which must hold no newline (JSON from
// encoding/json holds none).
func WriteEvent(w io.Writer, id, name string, data []byte) error {
	var b bytes.Buffer
	if id != "" {
		b.WriteString("id: " + id + "\n")
	}
	b.WriteString("event: " + name + "\ndata: ")
	b.Write(data)
	b.WriteString("\n\n")
	_, err := w.Write(b.Bytes())
	return err
}

// Event is one Server-Sent Event as read.
type Event struct {
	ID   string
	Name string
	Data []byte
}

// ErrLineTooLong is returned by [SSEReader.Next] for a line, or an
// event's data, over its limit.
var ErrLineTooLong = errors.New("wire: event line over the limit")

// SSEReader reads Server-Sent Events, refusing any line or event data
// over a limit so that a hostile server cannot make it buffer without
// bound.
type SSEReader struct {
	r   *bufio.Reader
	max int
}

// NewSSEReader reads events from r, with lines and data of at most max
// bytes.
func NewSSEReader(r io.Reader, max int) *SSEReader {
	return &SSEReader{r: bufio.NewReaderSize(r, max), max: max}
}

// Next returns the next event; comments and fields it does not know are
// skipped. At the end of the input it returns io.EOF, or
// io.ErrUnexpectedEOF inside an event.
func (s *SSEReader) Next() (Event, error) {
	var ev Event
	started, data := false, false
	for {
		line, err := s.r.ReadSlice('\n')
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			return Event{}, ErrLineTooLong
		case err == io.EOF && (started || len(line) > 0):
			return Event{}, io.ErrUnexpectedEOF
		case err != nil:
			return Event{}, err
		}
		line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
		if len(line) == 0 {
			if started {
				return ev, nil
			}
			continue
		}
		if line[0] == ':' {
			continue
		}
		field, value, _ := strings.Cut(string(line), ":")
		value = strings.TrimPrefix(value, " ")
		started = true
		switch field {
		case "id":
			ev.ID = value
		case "event":
			ev.Name = value
		case "data":
			if data {
				ev.Data = append(ev.Data, '\n')
			}
			ev.Data, data = append(ev.Data, value...), true
			if len(ev.Data) > s.max {
				return Event{}, ErrLineTooLong
			}
		}
	}
}

// String describes e for errors: its name and id, never its data.
func (e Event) String() string { return fmt.Sprintf("event %q id %q", e.Name, e.ID) }
