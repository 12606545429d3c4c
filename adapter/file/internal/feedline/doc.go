// Package feedline is the line format of the file adapter's change feed,
// and a scanner over a feed file.
//
// Each change is written as one write of "\n<from> <to> <quoted ID> <crc>\n":
// the versions in decimal, the stream ID quoted as by strconv.Quote, and the
// CRC-32C of the text before it in 8 hex digits. The leading newline keeps a
// line torn by a crash from swallowing the next change: the torn bytes stay
// a damaged line of their own, which readers skip. A line of spaces is an
// entry that was blanked out (an erased stream's); empty lines are the
// separators. A change's position is the offset just past its line.
package feedline
