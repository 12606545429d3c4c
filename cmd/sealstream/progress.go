package main

import (
	"fmt"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress returns a progress bar on stderr over total steps when stderr
// is a terminal, else nil: pipes and files get no bar.
func (a *app) progress(total int64, what string) *progressbar.ProgressBar {
	if _, ok := terminal(a.stderr); !ok || total == 0 {
		return nil
	}
	w := a.stderr
	return progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("events"),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
	)
}
