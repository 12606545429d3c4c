// Package adaptertest is the conformance suite every sealstream adapter
// passes. An adapter's test is a few lines:
//
//	func TestConformance(t *testing.T) {
//		adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return mem.New() })
//	}
//
// The suite checks atomic appends at an expected head, conflicts, version
// contiguity, reads from any version, the change signal, Close, isolation of
// streams and concurrent appenders; listing streams by prefix (hostile IDs
// included, early break, errors); and erasure (the log gone, other streams
// untouched, open logs closed, appends in flight waited for).
package adaptertest
