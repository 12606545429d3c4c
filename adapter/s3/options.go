package s3

import (
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/sealstream/sealstream"
)

// Defaults of [Options].
const (
	DefaultPollInterval   = time.Second
	DefaultHintEvery      = 8
	DefaultSegmentCommits = 256
	DefaultMaxSegmentSize = 16 << 20
	DefaultMaxRecordSize  = 16 << 20
	DefaultMaxCommitSize  = 256 << 20
	DefaultMaxAttempts    = 10
	DefaultRetryBase      = 50 * time.Millisecond
	DefaultRetryMax       = 5 * time.Second
	DefaultSettleTimeout  = 30 * time.Second
)

// Options tune an adapter. The zero value gives the defaults.
type Options struct {
	// Credentials sign the requests. Nil: the AWS SDK's default chain
	// (environment, shared config and credentials files, SSO, web
	// identity, container and instance roles).
	Credentials aws.CredentialsProvider
	// HTTPClient sends the requests. Nil: a client of the adapter's own,
	// whose idle connections Close closes.
	HTTPClient *http.Client
	// PollInterval is how often a stream with a waiter on its Changed
	// channel is checked for commits of other adapters or processes: one
	// GET per watched stream per interval. Default 1s.
	PollInterval time.Duration
	// HintEvery is how often, in commits, a writer updates the stream's
	// head hint: one extra PUT every HintEvery appends; a reader that
	// opens the stream probes about HintEvery/2 commits past the hint.
	// Default 8; 1 updates it on every append.
	HintEvery int
	// SegmentCommits is how many consecutive commits one segment (a
	// compacted copy for reads) holds. Default 256; negative or 1: no
	// segments are read or written.
	SegmentCommits int
	// MaxSegmentSize bounds the bytes of a segment: a range of commits
	// larger than that is left to be read commit by commit. Default 16 MiB.
	MaxSegmentSize int
	// MaxRecordSize bounds a record's size ([codec.Record.Size]) on
	// Append ([sealstream.ErrTooLarge] beyond). Default 16 MiB.
	MaxRecordSize int
	// MaxCommitSize bounds the object one Append writes, and any object
	// a read accepts ([sealstream.ErrCorrupt] beyond). Default 256 MiB.
	MaxCommitSize int
	// MaxAttempts is how many times a request is tried when it fails
	// with a throttling (503 SlowDown), a conflicting-operation (409
	// ConditionalRequestConflict), a server or a connection error.
	// Default 10.
	MaxAttempts int
	// RetryBase and RetryMax bound the delay before retry k: between half
	// and all of min(RetryMax, RetryBase·2^(k-1)). Defaults 50ms and 5s.
	RetryBase, RetryMax time.Duration
	// SettleTimeout bounds how long an Append whose write has an unknown
	// outcome (its connection failed, its context ended) spends finding
	// out, past its context, before it returns. Default 30s.
	SettleTimeout time.Duration
}

func (o Options) withDefaults() (Options, error) {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.HintEvery, DefaultHintEvery)
	def(&o.SegmentCommits, DefaultSegmentCommits)
	def(&o.MaxSegmentSize, DefaultMaxSegmentSize)
	def(&o.MaxRecordSize, DefaultMaxRecordSize)
	def(&o.MaxCommitSize, DefaultMaxCommitSize)
	def(&o.MaxAttempts, DefaultMaxAttempts)
	defDur(&o.PollInterval, DefaultPollInterval)
	defDur(&o.RetryBase, DefaultRetryBase)
	defDur(&o.RetryMax, DefaultRetryMax)
	defDur(&o.SettleTimeout, DefaultSettleTimeout)
	if o.HintEvery < 0 || o.MaxSegmentSize < 0 || o.MaxRecordSize < 0 || o.MaxCommitSize < 0 ||
		o.MaxAttempts < 0 || o.PollInterval < 0 || o.RetryBase < 0 || o.RetryMax < 0 || o.SettleTimeout < 0 {
		return o, fmt.Errorf("s3: negative option: %w", sealstream.ErrInvalidArgument)
	}
	return o, nil
}

// segments reports whether segments are read and written.
func (o Options) segments() bool { return o.SegmentCommits > 1 }
