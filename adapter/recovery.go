package adapter

// Recovery describes a repair an adapter made to its storage on its own:
// the file adapter reports one when it cuts a torn tail (what a crash in
// the middle of an append leaves) from a stream file, or the batch of a
// failed append it could not cut at once. Nothing acknowledged is ever
// cut: any other damage is an error, never a Recovery.
type Recovery struct {
	// Stream is the ID of the stream repaired.
	Stream string
	// File is the path of the file that was cut.
	File string
	// Offset is where the file was cut: its new size in bytes.
	Offset int64
	// Bytes is how many bytes were cut.
	Bytes int64
	// Broken is the path of the file that keeps the cut bytes.
	Broken string
	// Reason says why the bytes were judged safe to cut.
	Reason string
}
