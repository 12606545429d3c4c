//go:build !unix

package keyset

// openFlags are empty where the system has no O_NOFOLLOW or O_NONBLOCK: on
// such systems a DirStore does not refuse symlinks before following them,
// and its mode checks depend on what the system reports. DirStore is meant
// for Unix systems.
const openFlags = 0
