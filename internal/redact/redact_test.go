package redact_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"testing"

	"github.com/sealstream/sealstream/internal/redact"
)

// Add keeps a value trimmed, its unescaped forms and its long pieces, and
// nothing empty or shorter than 3 bytes.
func TestAddKeepsFormsAndPieces(t *testing.T) {
	var s redact.Secrets
	s.Add(" ab%2Fcdef+ghi ")
	for _, want := range []string{"ab%2Fcdef+ghi", "ab/cdef+ghi", "ab/cdef ghi", "2Fcdef", "cdef", "ghi"} {
		if !slices.Contains(s, want) {
			t.Errorf("Add kept %q, want %q among them", s, want)
		}
	}
	for _, not := range []string{"", "ab", " ab%2Fcdef+ghi "} {
		if slices.Contains(s, not) {
			t.Errorf("Add kept %q, want no %q", s, not)
		}
	}
	var none redact.Secrets
	none.Add("   ")
	if len(none) != 0 {
		t.Errorf("Add(spaces) kept %q, want nothing", none)
	}
}

// A value that does not unescape is kept as it is.
func TestUnescapeKeepsWhatFails(t *testing.T) {
	if got := redact.Unescape("a%zzb", url.PathUnescape); got != "a%zzb" {
		t.Errorf("Unescape(a%%zzb) = %q, want it unchanged", got)
	}
	if got := redact.Unescape("a%2Fb", url.PathUnescape); got != "a/b" {
		t.Errorf("Unescape(a%%2Fb) = %q, want a/b", got)
	}
}

// Mask replaces every occurrence, the longest secret first at each place.
func TestMaskPrefersLongest(t *testing.T) {
	s := redact.Secrets{"abc", "abcdef", "abc"}
	got := s.Mask("<abcdef> <abc> <ab>")
	want := "<" + redact.Placeholder + "> <" + redact.Placeholder + "> <ab>"
	if got != want {
		t.Errorf("Mask = %q, want %q", got, want)
	}
	if got := (redact.Secrets{}).Mask("plain"); got != "plain" {
		t.Errorf("Mask without secrets = %q, want plain", got)
	}
}

// Hide masks an error that shows a secret and keeps its chain; an error
// that shows none, and nil, come back as they were.
func TestHide(t *testing.T) {
	var s redact.Secrets
	s.Add("S3cr%2Ft")
	err := s.Hide(fmt.Errorf("connect as S3cr/t: %w", context.DeadlineExceeded))
	if want := "connect as " + redact.Placeholder + ": " + context.DeadlineExceeded.Error(); err.Error() != want {
		t.Errorf("Hide = %q, want %q", err, want)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("the masked error does not unwrap: %v", err)
	}
	plain := errors.New("connect: refused")
	if got := s.Hide(plain); got != plain {
		t.Errorf("an error without secrets became %v, want it as it was", got)
	}
	if got := s.Hide(nil); got != nil {
		t.Errorf("Hide(nil) = %v, want nil", got)
	}
}
