package codec

// Limits of a decoded record. They are those the stream layer enforces on
// every event it writes, so a decoder that meets a larger field reads
// damaged or hostile bytes and refuses them with an error matching
// sealstream.ErrCorrupt; they also keep any length or count read from
// untrusted input from making a decoder allocate without bound.
const (
	// MaxFieldSize bounds any single decoded field, the payload included.
	MaxFieldSize = 64 << 20
	// MaxIDLen bounds an event ID, in bytes.
	MaxIDLen = 128
	// MaxTypeLen bounds an event type, in bytes.
	MaxTypeLen = 256
	// MaxMetadataLen bounds an event's metadata: the bytes of its keys
	// and values together.
	MaxMetadataLen = 64 << 10
	// MaxMetadataEntries bounds the number of metadata entries. Keys are
	// distinct, and all but one hold at least a byte counted by
	// MaxMetadataLen, so no writer within that limit can exceed it.
	MaxMetadataEntries = MaxMetadataLen + 1
)
