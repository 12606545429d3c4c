package s3_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/s3"
)

// StreamKey shows where a stream's objects live, for operators' tools:
// IDs outside a-z, 0-9, '-' and '_' are escaped, so no ID can climb out
// of its prefix.
func ExampleStreamKey() {
	for _, id := range []string{"user-123", "../Admin"} {
		key, err := s3.StreamKey("events/", id)
		fmt.Println(key, err)
	}
	// Output:
	// events/s/user-123.s/ <nil>
	// events/s/%2E%2E%2F%41dmin.s/ <nil>
}

// Open serves s3:// URLs only; it refuses others before anything else.
func ExampleOpen_otherScheme() {
	_, err := s3.Open(context.Background(), "gs://bucket/events")
	fmt.Println(errors.Is(err, sealstream.ErrUnsupportedURL))
	// Output: true
}

// Credentials never go into the URL: the AWS credential chain or
// Options.Credentials provide them, and an error never repeats them.
func ExampleOpen_credentialsInURL() {
	_, err := s3.Open(context.Background(), "s3://AKIAEXAMPLE:secret@bucket/events")
	fmt.Println(err)
	// Output: s3: the URL holds credentials: they do not belong there; use the AWS credential chain or Options.Credentials
}
