package stream

import "context"

// Verify walks the whole stream and checks that versions are contiguous,
// that every record carries its predecessor's hash, and that every payload
// the reader can open authenticates against its place. It returns nil, or
// the first failure, naming its version: [sealstream.ErrIntegrity],
// [sealstream.ErrDecrypt], [sealstream.ErrCorrupt] or
// [sealstream.ErrShredded]. Events sealed to recipients other than the
// [As] identity are checked for their place in the chain only.
//
// Truncation of the tail cannot be seen from the log alone: compare
// [Metrics].HeadHash with a hash pinned earlier.
func (s *Stream[S]) Verify(ctx context.Context, opts ...ReadOption) error {
	for _, err := range s.Read(ctx, append(opts, SkipUnreadable())...) {
		if err != nil {
			return err
		}
	}
	return nil
}
