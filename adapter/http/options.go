package httpadapter

import (
	"context"
	"net/http"
	"time"

	"github.com/sealstream/sealstream/adapter"
)

// Defaults used when a field of Options is left zero.
const (
	DefaultTimeout  = 30 * time.Second
	DefaultRetryFor = 30 * time.Second
	DefaultPageSize = 1000
)

// Options configure the client.
type Options struct {
	// Token is the bearer token sent with every request. It never appears
	// in an error. A token with a space or a control character (a newline
	// read from a file, say) is refused by New with ErrInvalidArgument.
	Token string
	// Client sends the requests; nil means a client of the adapter's own,
	// whose idle connections Close releases. A Client's own Timeout would
	// cut watches: leave it zero.
	Client *http.Client
	// Timeout bounds one attempt of a request (a read: one page).
	Timeout time.Duration
	// RetryFor is how long a request that failed for a transient reason
	// (the network, a restarting server, 429, 502, 503, 504) is retried,
	// and how long an append whose outcome is unknown keeps trying to
	// learn it. A server certificate the client does not trust fails at
	// once.
	RetryFor time.Duration
	// PageSize is how many records one read request asks for, and how
	// many changes one page of the change feed.
	PageSize int
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.RetryFor <= 0 {
		o.RetryFor = DefaultRetryFor
	}
	if o.PageSize <= 0 {
		o.PageSize = DefaultPageSize
	}
	return o
}

// Open returns the adapter of the server at url with the options o. It
// sends no request. The method value o.Open is a stream.Opener.
func (o Options) Open(ctx context.Context, url string) (adapter.Adapter, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return New(url, o)
}

// Opener returns a stream.Opener for http:// and https:// URLs that
// sends token, through client (nil: a client of the adapter's own):
//
//	stream.Config{URL: "https://sync.example.org", Keys: ring, Opener: httpadapter.Opener(token, nil)}
func Opener(token string, client *http.Client) func(ctx context.Context, url string) (adapter.Adapter, error) {
	return Options{Token: token, Client: client}.Open
}
