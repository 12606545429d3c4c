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
//
// The package also holds what the adapters' own tests share. [RunProcesses]
// is the multi-process test: writer processes appending to one stream
// while a watcher process checks that it sees every event once, then a
// check of versions, IDs and the watcher's digest. It re-executes the test
// binary through [StartChild], so a TestMain using it calls [ChildMain] first:
//
//	func TestMain(m *testing.M) {
//		adaptertest.ChildMain(postgres.Open, nil)
//		goleak.VerifyTestMain(m)
//	}
//
// [OpenLog], [ReadAll] and [HeadOf] fail the test on an error, and [ServerURL]
// finds the server a test needs or skips the test (fails it under CI).
package adaptertest
