// Package streamtest is the "one truth" suite: every handle, store and
// keyring on one location agrees with the one log and the one key storage
// there. A location's test is a place constructor and one call:
//
//	func TestOneTruth(t *testing.T) {
//		streamtest.Run(t, func(t *testing.T) streamtest.Place { return newPlace(t) })
//	}
//
// The suite checks that an expected version is judged against the log's
// true head, not a store's cached one; that a rotation or a Forget made
// through another keyring is honoured by the next append and read; that a
// stream whose keyset was lost is [sealstream.ErrNoKey] and gets no new
// key; that an append racing a Forget is not acknowledged (where the place
// offers an append hook); and that a failed append returns version 0 and
// the next append, on the same handle, recovers.
package streamtest
