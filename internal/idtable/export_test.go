//go:build linux

package idtable

// Reboot makes t act as if opened after the machine restarted.
func Reboot(t *Table) { t.boot[0]++ }

// Header words, for tests that damage them.
const (
	WordTables = wTables
	WordCount  = wCount
)

// Poke writes word w of t's header.
func Poke(t *Table, w int, v uint64) { t.store(w, v) }

// Slots returns the slots of t's last table.
func Slots(t *Table) []uint64 {
	n, _, _ := t.shape()
	tab, _ := t.table(n - 1)
	return tab
}
