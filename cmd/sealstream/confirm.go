package main

import (
	"bufio"
	"fmt"
	"strings"
)

// confirm asks the person at the terminal to type id to go on with what;
// off a terminal, only --yes goes on.
func (a *app) confirm(yes bool, what, id string) error {
	if yes {
		return nil
	}
	if _, ok := terminal(a.stdin); !ok {
		return usagef("%s %q cannot be undone: not on a terminal, so confirm with --yes", what, id)
	}
	fmt.Fprintf(a.stderr, "%s %q cannot be undone. Type the stream ID to confirm: ", what, id)
	line, _ := bufio.NewReader(a.stdin).ReadString('\n')
	if strings.TrimSpace(line) != id {
		return fmt.Errorf("%s %q: not confirmed", what, id)
	}
	return nil
}
