package s3

import (
	"context"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// defaultRegion signs requests when neither the URL nor the AWS
// configuration names a region: S3-compatible servers mostly accept it.
const defaultRegion = "us-east-1"

// newClient returns an S3 client for loc and, when it made its own HTTP
// transport, a function that closes its idle connections.
func newClient(ctx context.Context, loc location, opts Options) (*s3.Client, func(), error) {
	var load []func(*config.LoadOptions) error
	if loc.region != "" {
		load = append(load, config.WithRegion(loc.region))
	}
	if opts.Credentials != nil {
		load = append(load, config.WithCredentialsProvider(opts.Credentials))
	}
	cfg, err := config.LoadDefaultConfig(ctx, load...)
	if err != nil {
		return nil, nil, err
	}
	if cfg.Region == "" {
		cfg.Region = defaultRegion
	}
	closeIdle := func() {}
	hc := opts.HTTPClient
	if hc == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = 64
		hc = &http.Client{Transport: t}
		closeIdle = t.CloseIdleConnections
	}
	c := s3.NewFromConfig(cfg, func(o *s3.Options) {
		if loc.endpoint != "" {
			o.BaseEndpoint = aws.String(loc.endpoint)
		}
		o.UsePathStyle = loc.pathStyle
		o.HTTPClient = hc
		o.Retryer = newRetryer(opts)
	})
	return c, closeIdle, nil
}

// retryableCodes are the error codes retried besides the SDK's defaults
// (which cover 500, 502, 503 and 504, SlowDown and connection errors):
// S3 answers 409 ConditionalRequestConflict when a conditional write
// races another operation on the key, and asks for a retry.
var retryableCodes = map[string]struct{}{
	"ConditionalRequestConflict": {},
	"SlowDown":                   {},
	"InternalError":              {},
	"RequestTimeout":             {},
}

// newRetryer returns the SDK's standard retryer with the codes above, the
// adapter's attempts and backoff, and no retry quota: a quota shared by
// every request of a client would turn a burst of throttling into
// failures instead of slower requests.
func newRetryer(opts Options) aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = opts.MaxAttempts
		o.MaxBackoff = opts.RetryMax
		o.RateLimiter = ratelimit.None
		o.Backoff = backoff{base: opts.RetryBase, max: opts.RetryMax}
		o.Retryables = append(o.Retryables, retry.RetryableErrorCode{Codes: retryableCodes})
	})
}

// backoff waits between half and all of min(max, base·2^(attempt-1))
// before retry number attempt: exponential, with jitter that keeps
// retrying writers apart, and never less than half the step.
type backoff struct{ base, max time.Duration }

func (b backoff) BackoffDelay(attempt int, _ error) (time.Duration, error) {
	d := b.max
	if attempt < 1 {
		attempt = 1
	}
	if attempt < 32 && b.base<<(attempt-1) < b.max && b.base<<(attempt-1) > 0 {
		d = b.base << (attempt - 1)
	}
	half := d / 2
	if half <= 0 {
		return d, nil
	}
	return half + rand.N(d-half+1), nil
}
