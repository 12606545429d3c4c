package nats

import "github.com/sealstream/sealstream/adapter"

// SetLostAck makes a drop the acknowledgement of each publish for which f
// returns true, as a connection lost between the server's write and its
// reply would. Call it before using a.
func SetLostAck(a adapter.Adapter, f func() bool) { a.(*Adapter).hooks.lostAck = f }

// SetStaleRead makes a's direct gets stop after the stream sequence f
// returns, as a replica lagging the leader would. Call it before using a.
func SetStaleRead(a adapter.Adapter, f func() uint64) { a.(*Adapter).hooks.staleRead = f }

// HideURLSecrets returns err as Open returns a connection error of the URL
// list raw: with the URLs' passwords and tokens masked in its message.
func HideURLSecrets(raw string, err error) error { return secretsOf(raw).hide(err) }

// Subjects is the paging of Streams over a fetch of sorted subject pages.
var Subjects = subjects

// PageOverlap is how far back each page of Streams after the first starts.
const PageOverlap = pageOverlap
