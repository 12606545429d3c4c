package httpadapter_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	httpadapter "github.com/sealstream/sealstream/adapter/http"
)

// TestTokenFitsAHeader refuses, when the client is made, a token that no
// request can carry (a newline read from a file, a space, a control
// character), instead of retrying requests that cannot be sent; the error
// does not show the token.
func TestTokenFitsAHeader(t *testing.T) {
	for _, tok := range []string{"sst_secret\n", "sst_se cret", "sst_secret\x00", "sst_\tsecret", "sst_secret\x7f"} {
		_, err := httpadapter.New("http://127.0.0.1:1", httpadapter.Options{Token: tok})
		if !errors.Is(err, sealstream.ErrInvalidArgument) {
			t.Fatalf("New with token %q = %v, want ErrInvalidArgument", tok, err)
		}
		if strings.Contains(err.Error(), "secret") {
			t.Fatalf("the error shows the token: %v", err)
		}
		if _, err := httpadapter.NewBlobStore("http://127.0.0.1:1", httpadapter.Options{Token: tok}); !errors.Is(err, sealstream.ErrInvalidArgument) {
			t.Fatalf("NewBlobStore with token %q = %v, want ErrInvalidArgument", tok, err)
		}
	}
	a, err := httpadapter.New("http://127.0.0.1:1", httpadapter.Options{Token: "sst_Ab-_+/=~."})
	if err != nil {
		t.Fatalf("New with a plain token = %v", err)
	}
	_ = a.Close()
}
