package stream

// SnapshotLogID returns the ID of the log holding the snapshots named name
// of stream id, for tests that reach it through the adapter.
func SnapshotLogID(id, name string) string { return snapshotLogID(id, name) }
