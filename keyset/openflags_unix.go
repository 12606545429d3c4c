//go:build unix

package keyset

import "syscall"

// openFlags make opening a key file refuse a symlink (ELOOP) and return at
// once on a FIFO instead of waiting for a writer.
const openFlags = syscall.O_NOFOLLOW | syscall.O_NONBLOCK
