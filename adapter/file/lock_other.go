//go:build !unix && !windows

package file

import (
	"errors"
	"os"
)

var errNoLock = errors.New("file: no file locking on this platform")

func tryLock(*os.File) (bool, error) { return false, errNoLock }

func unlock(*os.File) error { return errNoLock }
