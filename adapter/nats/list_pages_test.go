package nats_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/sealstream/sealstream/adapter/nats"
)

// pagedList serves a sorted subject list a page at a time, as the server
// does, and runs between pages whatever change the test sets.
type pagedList struct {
	subjects []string
	page     int
	between  func(l *pagedList)
	fetches  int
}

func (l *pagedList) fetch(offset int) ([]string, int, error) {
	if l.fetches > 0 && l.between != nil {
		l.between(l)
	}
	l.fetches++
	end := min(offset+l.page, len(l.subjects))
	return slices.Clone(l.subjects[min(offset, end):end]), len(l.subjects), nil
}

func subjectList(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("p.%06d", i)
	}
	return out
}

// Over several pages, subjects removed before the offset between two
// requests make none of the others be skipped, and the overlap repeats
// none.
func TestSubjectsPaging(t *testing.T) {
	page := 3 * nats.PageOverlap / 2
	all := subjectList(4 * page)
	l := &pagedList{subjects: slices.Clone(all), page: page}
	removed := map[string]bool{}
	l.between = func(l *pagedList) { // remove subjects already listed, as Erase would
		for range nats.PageOverlap / 2 {
			removed[l.subjects[0]] = true
			l.subjects = l.subjects[1:]
		}
	}
	var got []string
	for s, err := range nats.Subjects(l.fetch) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	if !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
		t.Fatal("subjects not yielded once each, in order")
	}
	for _, s := range all {
		if !removed[s] && !slices.Contains(got, s) {
			t.Fatalf("subject %s, never removed, was not listed", s)
		}
	}
	if l.fetches < 4 {
		t.Fatalf("listed in %d requests: the test shows nothing", l.fetches)
	}
}

// Paging stops at the first error and when the consumer breaks.
func TestSubjectsStops(t *testing.T) {
	l := &pagedList{subjects: subjectList(10), page: 4}
	n := 0
	for range nats.Subjects(l.fetch) {
		if n++; n == 5 {
			break
		}
	}
	if n != 5 || l.fetches != 2 {
		t.Fatalf("broke after %d subjects and %d requests, want 5 and 2", n, l.fetches)
	}
	boom := errors.New("boom")
	calls := 0
	for s, err := range nats.Subjects(func(int) ([]string, int, error) { calls++; return nil, 0, boom }) {
		if !errors.Is(err, boom) || s != "" {
			t.Fatalf("yielded %q, %v; want the fetch error", s, err)
		}
	}
	if calls != 1 {
		t.Fatalf("fetched %d times after an error", calls)
	}
}
