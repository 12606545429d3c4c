package mem_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/mem"
)

func fill(t testing.TB, a *mem.Adapter, id string) {
	t.Helper()
	l, err := a.Open(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := l.Append(context.Background(), 0, adaptertest.Records(id, 0, 1, nil)); err != nil {
		t.Fatal(err)
	}
}

// Streams lists in byte order of the IDs, and not the streams only opened.
func TestStreamsOrder(t *testing.T) {
	a := mem.New()
	defer a.Close()
	ids := []string{"b", "a", "B", "ab", "é", "a b"}
	for _, id := range ids {
		fill(t, a, id)
	}
	l, _ := a.Open(context.Background(), "opened")
	defer l.Close()
	var got []string
	for id, err := range a.Streams(context.Background(), "") {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, id)
	}
	slices.Sort(ids)
	if !slices.Equal(got, ids) {
		t.Fatalf("Streams = %q, want %q", got, ids)
	}
}

func ExampleAdapter_Streams() {
	a := mem.New()
	defer a.Close()
	for _, id := range []string{"user-2", "user-1", "team-1"} {
		l, _ := a.Open(context.Background(), id)
		_ = l.Append(context.Background(), 0, adaptertest.Records(id, 0, 1, nil))
	}
	for id, err := range a.Streams(context.Background(), "user-") {
		if err != nil {
			break
		}
		fmt.Println(id)
	}
	// Output:
	// user-1
	// user-2
}

func ExampleAdapter_Erase() {
	a := mem.New()
	defer a.Close()
	l, _ := a.Open(context.Background(), "user-1")
	_ = l.Append(context.Background(), 0, adaptertest.Records("user-1", 0, 2, nil))
	_ = a.Erase(context.Background(), "user-1")
	_, err := l.Head(context.Background())
	fmt.Println(err)
	again, _ := a.Open(context.Background(), "user-1")
	h, _ := again.Head(context.Background())
	fmt.Println(h.Version)
	// Output:
	// mem: head: sealstream: closed
	// 0
}
