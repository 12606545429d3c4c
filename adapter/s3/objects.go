package s3

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/sealstream/sealstream"
)

// bucket does the object operations of an adapter or a blob store.
type bucket struct {
	c         *s3.Client
	name      string
	closeIdle func()
}

// get returns the object under key; ok is false when there is none. An
// object over limit bytes is an error matching [sealstream.ErrCorrupt],
// and is not read.
func (b *bucket) get(ctx context.Context, key string, limit int) (body []byte, ok bool, err error) {
	out, err := b.c.GetObject(ctx, &s3.GetObjectInput{Bucket: &b.name, Key: &key})
	if isNotFound(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	defer out.Body.Close()
	if n := aws.ToInt64(out.ContentLength); n > int64(limit) {
		return nil, false, fmt.Errorf("an object of %d bytes is over the %d-byte limit: %w", n, limit, sealstream.ErrCorrupt)
	}
	body, err = io.ReadAll(io.LimitReader(out.Body, int64(limit)+1))
	if err != nil {
		return nil, false, err
	}
	if len(body) > limit {
		return nil, false, fmt.Errorf("an object is over the %d-byte limit: %w", limit, sealstream.ErrCorrupt)
	}
	return body, true, nil
}

// put stores body under key, replacing any object there.
func (b *bucket) put(ctx context.Context, key string, body []byte) error {
	_, err := b.c.PutObject(ctx, &s3.PutObjectInput{Bucket: &b.name, Key: &key,
		Body: bytes.NewReader(body), ContentLength: aws.Int64(int64(len(body)))})
	return err
}

// create stores body under key only if no object is there (If-None-Match:
// *). It reports false when one is: stored by another writer, or by an
// earlier attempt of this very request whose answer was lost, which the
// caller tells apart by reading the object.
func (b *bucket) create(ctx context.Context, key string, body []byte) (bool, error) {
	_, err := b.c.PutObject(ctx, &s3.PutObjectInput{Bucket: &b.name, Key: &key,
		Body: bytes.NewReader(body), ContentLength: aws.Int64(int64(len(body))), IfNoneMatch: aws.String("*")})
	if isPreconditionFailed(err) {
		return false, nil
	}
	return err == nil, err
}

// remove deletes keys, up to 1,000 per request, in the order given.
func (b *bucket) remove(ctx context.Context, keys []string) error {
	for len(keys) > 0 {
		n := min(len(keys), 1000)
		ids := make([]types.ObjectIdentifier, n)
		for i, k := range keys[:n] {
			ids[i] = types.ObjectIdentifier{Key: aws.String(k)}
		}
		out, err := b.c.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: &b.name,
			Delete: &types.Delete{Objects: ids, Quiet: aws.Bool(true)}})
		if err != nil {
			return err
		}
		for _, e := range out.Errors {
			if code := aws.ToString(e.Code); code != "NoSuchKey" {
				return fmt.Errorf("the server refused to delete an object: %s", code)
			}
		}
		keys = keys[n:]
	}
	return nil
}

// list yields the keys under prefix in key order.
func (b *bucket) list(ctx context.Context, prefix string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		p := s3.NewListObjectsV2Paginator(b.c, &s3.ListObjectsV2Input{Bucket: &b.name, Prefix: &prefix})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				yield("", err)
				return
			}
			for _, o := range page.Contents {
				if !yield(aws.ToString(o.Key), nil) {
					return
				}
			}
		}
	}
}

// isNotFound reports a missing object (not a missing bucket).
func isNotFound(err error) bool {
	if err == nil {
		return false
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "NoSuchKey", "NotFound":
			return true
		case "", "UnknownError":
		default:
			return false
		}
	}
	return status(err) == 404
}

// isPreconditionFailed reports a conditional write refused (412).
func isPreconditionFailed(err error) bool {
	var api smithy.APIError
	if errors.As(err, &api) && api.ErrorCode() == "PreconditionFailed" {
		return true
	}
	return err != nil && status(err) == 412
}

func status(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}
