// Package props holds the property-based and model-based tests of
// sealstream, written with gopter. Its tests state the laws the library
// promises (replay ∘ append == fold, idempotency, contiguous versions,
// gap-free catch-up, codec round trips, filters, keys, search) and check
// each against every adapter of the main module. TestWorldModel checks
// that several stores, keyrings and a second process on one location agree
// with one log, through rotations, Forget and lost keysets (the file
// location runs a tenth of -props.cases).
//
// Each property runs 1,000 cases by default; -props.cases sets another
// number and -props.seed replays a seed printed by an earlier run:
//
//	go test ./props_test -props.cases=20000
//	go test ./props_test -run TestLaws -props.seed=1700000000000
package props
