package stream

import "context"

// Verify walks the whole stream and checks that versions are contiguous,
// that every record carries its predecessor's hash, and that every record
// authenticates: "all"-mode payloads under the stream's keys, events
// sealed to recipients by their tag under the stream's keys or, for a
// reader without them, by a trusted writer's signature (events the [As]
// identity may not read are authenticated, not opened). It returns nil, or
// the first failure, naming its version: [sealstream.ErrIntegrity],
// [sealstream.ErrDecrypt], [sealstream.ErrCorrupt] or
// [sealstream.ErrShredded].
//
// Truncation of the tail cannot be seen from the log alone: pass a
// checkpoint made earlier with [Extends] to prove that the stream still
// extends it.
func (s *Stream[S]) Verify(ctx context.Context, opts ...ReadOption) error {
	rc := readOptions(append(opts, SkipUnreadable()))
	if rc.checkpoint != nil {
		p, err := s.h.openCheckpoint(ctx, rc.checkpoint)
		if err != nil {
			return wrap(s.h.id, "verify", err)
		}
		rc.from, rc.types, rc.meta, rc.pin = 1, nil, nil, p
	}
	for _, err := range s.read(ctx, "verify", &rc) {
		if err != nil {
			return err
		}
	}
	if rc.pin != nil {
		return wrap(s.h.id, "verify", rc.pin.check())
	}
	return nil
}
