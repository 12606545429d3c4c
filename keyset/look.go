package keyset

import (
	"context"
	"fmt"
)

// look reads the newest epoch of n afresh, from the epoch of old (the head
// the keyring held, or nil) up, and checks it and the epoch before it.
func (k *Keyring) look(ctx context.Context, rk *ringKeys, n keyName, old *head) (*head, error) {
	var from uint64
	if old != nil {
		from = old.epoch
	}
	for range maxRaces {
		h, err := k.lookFrom(ctx, rk, n, from)
		if err != nil {
			return nil, err
		}
		if h.cur == nil && h.epoch > 0 { // the newest epoch the keyring saw is gone
			if old != nil && old.shredded() {
				h.kind = blobTombstone
			}
			return h, nil
		}
		if h.kind != blobOldKeyset && h.kind != blobOldTomb {
			return h, nil
		}
		// Superseded: a change wrote the next epoch since the probe, or
		// the next epoch was deleted.
		newer, err := has(ctx, k.store, h.names[2])
		if err != nil || !newer {
			return h, err
		}
		from = h.epoch
	}
	return nil, fmt.Errorf("keyset: %s: other keyrings kept changing it while it was read, %d times", describe(n), maxRaces)
}

// lookFrom reads the newest epoch of n at or after from, and the epoch
// before it, and checks them.
func (k *Keyring) lookFrom(ctx context.Context, rk *ringKeys, n keyName, from uint64) (*head, error) {
	e, err := k.gallop(ctx, rk, n, from)
	if err != nil {
		return nil, err
	}
	h := &head{epoch: e}
	if e == 0 {
		return h, nil
	}
	if h.names, err = rk.epochNames(n, e); err != nil {
		return nil, err
	}
	if h.cur, err = get(ctx, k.store, h.names[1]); err != nil {
		return nil, err
	}
	if e > 1 {
		if h.prev, err = get(ctx, k.store, h.names[0]); err != nil {
			return nil, err
		}
	}
	if h.cur == nil {
		prev, err := rk.checkPrev(n, h)
		if prev == blobOldTomb {
			h.kind = blobTombstone
		}
		return h, err
	}
	keys, kind, err := rk.openBlob(h.cur, n, e)
	if err != nil {
		return nil, integrity(n, h.names[1], e, notSealed)
	}
	h.kind, h.keys = kind, keys
	if h.live() {
		if _, err := rk.checkPrev(n, h); err != nil {
			return nil, err
		}
	}
	return h, nil
}

// checkPrev checks that the blob of the epoch before h's holds no keyset in
// force. Writing an epoch supersedes the one before it, which is then
// overwritten with decoy keys, so a keyset in force found there was put
// back from an older copy; so was anything that does not open there. It
// returns the kind of that blob (0 below epoch 2).
func (rk *ringKeys) checkPrev(n keyName, h *head) (byte, error) {
	if h.epoch < 2 {
		return 0, nil
	}
	e, name := h.epoch-1, h.names[0]
	if h.prev == nil {
		return 0, integrity(n, name, e, "is missing")
	}
	_, kind, err := rk.openBlob(h.prev, n, e)
	switch {
	case err != nil:
		return 0, integrity(n, name, e, notSealed)
	case kind == blobKeyset:
		return 0, integrity(n, name, e, "holds a superseded keyset: it was put back from an older copy")
	}
	return kind, nil
}

// notSealed says why a blob that does not authenticate is refused.
const notSealed = "is not the one the keyring sealed there: it was put back from an older copy, moved from another name, or altered"
