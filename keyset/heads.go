package keyset

import lru "github.com/hashicorp/golang-lru/v2"

// HeadCacheSize is how many keysets a [Keyring] keeps opened (with their
// AEADs, about 1.4 KB each). Past it the least recently used is dropped
// and opened again from the store at its next use; of a dropped keyset
// the keyring keeps only its newest epoch, so that it never goes below it.
const HeadCacheSize = 1024

// heads is what a keyring knows of the keysets it used: the newest
// HeadCacheSize in full, and the epoch floor of the others.
type heads struct {
	full   *lru.Cache[keyName, *head]
	floors map[keyName]floor
}

// floor is what a keyring keeps of a keyset it dropped.
type floor struct {
	epoch    uint64
	shredded bool
}

func newHeads(size int) *heads {
	hs := &heads{floors: map[keyName]floor{}}
	var err error
	hs.full, err = lru.NewWithEvict(size, func(n keyName, h *head) {
		hs.floors[n] = floor{epoch: h.epoch, shredded: h.shredded()}
	})
	if err != nil {
		panic("keyset: head cache: " + err.Error()) // only for a size below 1
	}
	return hs
}

// get returns the head of n: in full if cached, else one holding only
// its epoch floor (which a keyring looks up again before any use), or nil.
func (hs *heads) get(n keyName) *head {
	if h, ok := hs.full.Get(n); ok {
		return h
	}
	if f, ok := hs.floors[n]; ok {
		h := &head{epoch: f.epoch}
		if f.shredded {
			h.kind = blobTombstone
		}
		return h
	}
	return nil
}

// put caches h as the head of n.
func (hs *heads) put(n keyName, h *head) {
	delete(hs.floors, n)
	hs.full.Add(n, h)
}
