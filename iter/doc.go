// Package iter holds helpers over the standard library's iter.Seq and
// fallible iter.Seq2[T, error] sequences, such as those returned by
// Stream.Read and Stream.ReadAndWatch.
//
// Its name clashes with the standard library's iter; import it under an
// alias:
//
//	import ssiter "github.com/sealstream/sealstream/iter"
//
// A fallible sequence yields (value, nil) pairs and ends, on failure, with
// one (zero, err) pair. The helpers here stop at the first error and return
// it.
package iter
