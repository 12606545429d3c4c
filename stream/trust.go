package stream

import (
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// trustOf returns the signature verifiers of the writers cfg trusts, by
// identity ID: Config.Writer and Config.Trust.
func trustOf(cfg Config) (map[string]tink.Verifier, error) {
	all := cfg.Trust
	if cfg.Writer != nil {
		r, err := cfg.Writer.Recipient()
		if err != nil {
			return nil, err
		}
		all = append([]keyset.Recipient{r}, all...)
	}
	trusted := make(map[string]tink.Verifier, len(all))
	for _, r := range all {
		switch _, seen := trusted[r.ID()]; {
		case r.Verifier() == nil:
			return nil, fmt.Errorf("Config.Trust holds a zero Recipient: %w", sealstream.ErrInvalidArgument)
		case seen:
			return nil, fmt.Errorf("writer %q is trusted twice (Config.Writer and Config.Trust): %w", r.ID(), sealstream.ErrInvalidArgument)
		}
		trusted[r.ID()] = r.Verifier()
	}
	return trusted, nil
}
