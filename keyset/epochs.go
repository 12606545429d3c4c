package keyset

import (
	"context"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// head is what a keyring knows of one keyset name: the newest epoch it has
// seen, and the blobs the store held at that epoch and the one before when
// it last looked. Epochs are never taken back: a keyring that has seen
// epoch e refuses to go below it.
type head struct {
	epoch     uint64             // newest epoch seen; 0: none yet
	kind      byte               // kind of the blob at epoch; 0 if it is missing
	cur, prev []byte             // the blobs of epoch and epoch-1; nil: missing
	names     [3]string          // store names of epoch-1, epoch, epoch+1
	keys      *tinkkeyset.Handle // the keyset at epoch (decoy keys unless live)
	aead      tink.AEAD          // made from keys at first use
}

// live reports whether the name has a keyset in force.
func (h *head) live() bool { return h.kind == blobKeyset || h.kind == blobPending }

// shredded reports whether the name's keyset was destroyed. A head neither
// live nor shredded has no keyset: none yet (epoch 0), or a lost one (its
// newest epoch is missing, or superseded by a missing one).
func (h *head) shredded() bool { return h.kind == blobTombstone || h.kind == blobOldTomb }

// resolve returns the head of name n as the store holds it now. With the
// head it holds, a keyring checks three names: the next epoch is absent,
// and the newest and the one before are unchanged. Otherwise it looks again.
// The caller holds k.mu.
func (k *Keyring) resolve(ctx context.Context, rk *ringKeys, n keyName) (*head, error) {
	h := k.heads.get(n)
	if h != nil {
		ok, err := k.unchanged(ctx, h)
		if err != nil || ok {
			return h, err
		}
	}
	nh, err := k.look(ctx, rk, n, h)
	if err != nil {
		return nil, err // the earlier head stays: the next call checks again
	}
	k.heads.put(n, nh)
	return nh, nil
}

// unchanged reports whether the store still holds what h saw.
func (k *Keyring) unchanged(ctx context.Context, h *head) (bool, error) {
	if h.epoch == 0 || h.cur == nil {
		return false, nil
	}
	newer, err := has(ctx, k.store, h.names[2])
	if err != nil || newer {
		return false, err
	}
	ok, err := same(ctx, k.store, h.names[1], h.cur)
	if err != nil || !ok || h.epoch == 1 {
		return ok, err
	}
	return same(ctx, k.store, h.names[0], h.prev)
}

// gallop returns the newest epoch of n at or after from that the store
// holds: epochs are created in order and never removed, so it probes
// from+1, from+2, from+4, … until one is absent, then bisects. It returns
// from itself when nothing newer is stored, whether from is or not.
func (k *Keyring) gallop(ctx context.Context, rk *ringKeys, n keyName, from uint64) (uint64, error) {
	probe := func(e uint64) (bool, error) {
		name, err := rk.blobName(n, e)
		if err != nil {
			return false, err
		}
		return has(ctx, k.store, name)
	}
	lo, step := from, uint64(1)
	for {
		ok, err := probe(lo + step)
		if err != nil {
			return 0, err
		}
		if !ok {
			break
		}
		lo, step = lo+step, step*2
	}
	for hi := lo + step; hi-lo > 1; {
		mid := lo + (hi-lo)/2
		ok, err := probe(mid)
		if err != nil {
			return 0, err
		}
		if ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, nil
}

// epochNames returns the store names of epochs e-1, e and e+1 of n; none
// for an epoch below 1.
func (rk *ringKeys) epochNames(n keyName, e uint64) ([3]string, error) {
	var out [3]string
	for i := range out {
		if e+uint64(i) < 2 {
			continue
		}
		name, err := rk.blobName(n, e+uint64(i)-1)
		if err != nil {
			return out, err
		}
		out[i] = name
	}
	return out, nil
}
