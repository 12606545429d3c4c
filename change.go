package sealstream

// Change is one appended batch as a store's change feed reports it: the
// stream and the range of versions the batch added, at a position in the
// store-wide order.
//
// Positions grow with every batch a feed reports, may skip numbers, and are
// durable: a consumer that saved the position of the last change it handled
// resumes after it and misses nothing.
type Change struct {
	Position uint64 // store-wide; larger for every later change; gaps allowed
	Stream   string // the stream's ID
	From, To uint64 // the versions of the batch, From ≤ To
}
