package keyset_test

import (
	"context"
	"fmt"
	"log"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

func ExampleKeyring_Identities() {
	ctx := context.Background()
	ring := sskeyset.NewMemory()
	for _, id := range []string{"phone", "laptop"} {
		i, err := sskeyset.NewIdentity(id)
		if err != nil {
			log.Fatal(err)
		}
		if err := ring.SaveIdentity(ctx, i); err != nil {
			log.Fatal(err)
		}
	}
	ids, err := ring.Identities(ctx)
	fmt.Println(ids, err)

	// A lost phone: destroy its keys; it leaves the listing.
	if err := ring.ForgetIdentity(ctx, "phone"); err != nil {
		log.Fatal(err)
	}
	ids, err = ring.Identities(ctx)
	fmt.Println(ids, err)
	// Output:
	// [laptop phone] <nil>
	// [laptop] <nil>
}
