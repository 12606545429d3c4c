//go:build linux

package idtable

// Reboot makes t act as if opened after the machine restarted.
func Reboot(t *Table) { t.boot[0]++ }
