package iter

import "iter"

// Collect returns the values of seq up to its first error, and that error.
func Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Last returns the last value of seq and whether there was one. It stops at
// the first error and returns it with the last value before it.
func Last[T any](seq iter.Seq2[T, error]) (last T, ok bool, err error) {
	for v, err := range seq {
		if err != nil {
			return last, ok, err
		}
		last, ok = v, true
	}
	return last, ok, nil
}

// Take returns a sequence of the first n pairs of seq. It stops pulling
// from seq once n pairs were yielded, so a live sequence ends.
func Take[T any](seq iter.Seq2[T, error], n int) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		if n <= 0 {
			return
		}
		i := 0
		for v, err := range seq {
			if !yield(v, err) || err != nil {
				return
			}
			if i++; i == n {
				return
			}
		}
	}
}

// Values returns the values of seq as an iter.Seq. It stops at the first
// error and stores it in *errs; check *errs after ranging.
func Values[T any](seq iter.Seq2[T, error], errs *error) iter.Seq[T] {
	return func(yield func(T) bool) {
		for v, err := range seq {
			if err != nil {
				*errs = err
				return
			}
			if !yield(v) {
				return
			}
		}
	}
}
