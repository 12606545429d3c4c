package nats

import (
	"fmt"
	"time"

	natsgo "github.com/nats-io/nats.go"
)

// Defaults of [Options].
const (
	DefaultStream         = "SEALSTREAM"
	DefaultSubjectPrefix  = "sealstream"
	DefaultTimeout        = 5 * time.Second
	DefaultRetryFor       = 30 * time.Second
	DefaultWatchHeartbeat = 5 * time.Second
	DefaultMaxBatch       = 1000
)

// Options configure the adapter. The zero value is ready to use: one
// JetStream stream named SEALSTREAM with one replica, holding the subjects
// sealstream.*.
type Options struct {
	// Stream is the name of the JetStream stream that holds every
	// sealstream stream. Default [DefaultStream].
	Stream string
	// SubjectPrefix is the literal subject the per-stream tokens are
	// appended to. Default [DefaultSubjectPrefix].
	SubjectPrefix string
	// Replicas is the replication factor of a stream the adapter creates:
	// 1 (default) or 3 (or 5) on a clustered server. It is not changed on
	// an existing stream.
	Replicas int
	// Timeout bounds each request to the server. Default [DefaultTimeout].
	Timeout time.Duration
	// RetryFor is how long Append keeps retrying a publish whose outcome is
	// unknown (timeouts, a leader election) before it gives up. Default
	// [DefaultRetryFor]. The caller's context bounds it too.
	RetryFor time.Duration
	// WatchHeartbeat is how often the server confirms to a watcher that it
	// is alive; after two missed beats the watcher is recreated. Default
	// [DefaultWatchHeartbeat].
	WatchHeartbeat time.Duration
	// MaxBatch is the most records one Append may hold: the server's atomic
	// batch limit (1000 unless the server sets another). Default
	// [DefaultMaxBatch].
	MaxBatch int
	// ConnOptions are extra options for the connection that Open makes.
	ConnOptions []natsgo.Option
}

// withDefaults returns o with every zero field set to its default, or an
// error naming the first invalid field.
func (o Options) withDefaults() (Options, error) {
	if o.Stream == "" {
		o.Stream = DefaultStream
	}
	if o.SubjectPrefix == "" {
		o.SubjectPrefix = DefaultSubjectPrefix
	}
	if o.Replicas == 0 {
		o.Replicas = 1
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.RetryFor == 0 {
		o.RetryFor = DefaultRetryFor
	}
	if o.WatchHeartbeat == 0 {
		o.WatchHeartbeat = DefaultWatchHeartbeat
	}
	if o.MaxBatch == 0 {
		o.MaxBatch = DefaultMaxBatch
	}
	switch {
	case !validName(o.Stream):
		return o, fmt.Errorf("nats: invalid stream name %q", o.Stream)
	case !validPrefix(o.SubjectPrefix):
		return o, fmt.Errorf("nats: invalid subject prefix %q", o.SubjectPrefix)
	case o.Replicas < 1 || o.Replicas > 5:
		return o, fmt.Errorf("nats: replicas %d out of 1..5", o.Replicas)
	case o.Timeout < 0 || o.RetryFor < 0 || o.MaxBatch < 0:
		return o, fmt.Errorf("nats: negative timeout, retry window or batch size")
	case o.WatchHeartbeat < 500*time.Millisecond:
		return o, fmt.Errorf("nats: watch heartbeat %v under 500ms", o.WatchHeartbeat)
	}
	return o, nil
}

// Subject returns the subject that holds the records of streamID under
// these options, for operators' tools (nats stream view, nats sub). An ID
// that cannot be mapped gets [sealstream.ErrInvalidStreamID].
func (o Options) Subject(streamID string) (string, error) {
	if o.SubjectPrefix == "" {
		o.SubjectPrefix = DefaultSubjectPrefix
	}
	return subjectFor(o.SubjectPrefix, streamID)
}
