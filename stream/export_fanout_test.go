package stream

// SetFanWindow sets how many records the shared feed of a stream holds
// for its watchers, for feeds made from now on; it returns the previous
// setting.
func SetFanWindow(n int) int { return int(fanWindow.Swap(int64(n))) }

// FanSubscribers returns how many watchers of s's stream follow its shared
// feed.
func FanSubscribers[S any](s *Stream[S]) int { return s.h.feed().Subscribers() }
