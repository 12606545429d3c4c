package sealstream_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
)

type claim struct {
	Policy string `json:"policy"`
	Amount int    `json:"amount"`
}

func TestJSONRoundTrip(t *testing.T) {
	e, err := sealstream.JSON("ClaimFiled", claim{"home-42", 1200})
	if err != nil || e.Type != "ClaimFiled" || string(e.Data) != `{"policy":"home-42","amount":1200}` {
		t.Fatalf("JSON = %+v, %v", e, err)
	}
	got, err := sealstream.Decode[claim](e)
	if err != nil || got != (claim{"home-42", 1200}) {
		t.Fatalf("Decode = %+v, %v", got, err)
	}
}

func TestJSONErrorsNameNoValue(t *testing.T) {
	if _, err := sealstream.JSON("Bad", func() {}); !errors.Is(err, sealstream.ErrInvalidEvent) {
		t.Fatalf("JSON of a func = %v, want ErrInvalidEvent", err)
	}
	e := sealstream.Event{Type: "ClaimFiled", Version: 7, Data: []byte(`"SECRET-PAYLOAD"`)}
	_, err := sealstream.Decode[claim](e)
	if !errors.Is(err, sealstream.ErrCorrupt) || strings.Contains(err.Error(), "SECRET") || !strings.Contains(err.Error(), "version 7") {
		t.Fatalf("Decode of a string as a claim = %v", err)
	}
}

func ExampleJSON() {
	e, _ := sealstream.JSON("ClaimFiled", claim{Policy: "home-42", Amount: 1200})
	fmt.Println(e.Type, string(e.Data))
	c, _ := sealstream.Decode[claim](e)
	fmt.Println(c.Policy, c.Amount)
	// Output:
	// ClaimFiled {"policy":"home-42","amount":1200}
	// home-42 1200
}
