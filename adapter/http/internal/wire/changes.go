package wire

import (
	"fmt"

	"github.com/sealstream/sealstream"
)

// Paths, parameter and event of the store-wide change feed.
const (
	PathChanges      = "/v1/changes"       // GET ?since=&limit=: one line per change, then a ChangesEnd
	PathChangesWatch = "/v1/changes/watch" // GET ?since=: Server-Sent Events, one per change

	Since = "since" // the position after which changes are asked for

	EventChange = "change" // data: a Change; id: its position
)

// Change is a [sealstream.Change] as JSON. The position is a decimal
// string: it is a uint64, which JavaScript numbers cannot hold exactly.
type Change struct {
	Position uint64 `json:"pos,string"`
	Stream   string `json:"stream"`
	From     uint64 `json:"from"`
	To       uint64 `json:"to"`
}

// FromChange returns c as JSON fields.
func FromChange(c sealstream.Change) Change {
	return Change{Position: c.Position, Stream: c.Stream, From: c.From, To: c.To}
}

// Check returns the change after checking it comes after position since
// and names a valid stream and range; an error names what was wrong,
// never a stream ID.
func (c *Change) Check(since uint64) (sealstream.Change, error) {
	switch {
	case c.Position <= since:
		return sealstream.Change{}, fmt.Errorf("change at position %d after position %d", c.Position, since)
	case CheckStreamID(c.Stream) != nil:
		return sealstream.Change{}, fmt.Errorf("change at position %d names an invalid stream ID", c.Position)
	case c.From == 0 || c.To < c.From:
		return sealstream.Change{}, fmt.Errorf("change at position %d has versions %d to %d", c.Position, c.From, c.To)
	}
	return sealstream.Change{Position: c.Position, Stream: c.Stream, From: c.From, To: c.To}, nil
}

// ChangesEnd is the closing line of a page of changes. Last is the
// position of the last change the server looked at, in the token's scope
// or not (since when none): the next page asks for the changes after it.
// More says that the page stopped at a bound, Error that it ends with an
// error.
type ChangesEnd struct {
	End  bool   `json:"end"`
	More bool   `json:"more"`
	Last uint64 `json:"last,string"`
	Error
}

// ChangeLine is one line of a page of changes as a client decodes it: a
// change, or the closing line.
type ChangeLine struct {
	Change
	ChangesEnd
}
