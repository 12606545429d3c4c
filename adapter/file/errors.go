package file

import "errors"

// ErrPoisoned is returned by Append after a write or fsync of the same log
// failed. The failed batch was cut from the file (or, if that failed too,
// is cut by the next Open, see the package doc), but the state of the file
// after a failed fsync is unknown, so the handle refuses further appends
// (it never retries an fsync). Close the log and open it again: opening
// checks and recovers the file.
var ErrPoisoned = errors.New("file: log poisoned by an earlier write or fsync failure; reopen it")
