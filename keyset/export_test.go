package keyset

// Derivations returns how many argon2id derivations p, a protector made by
// Passphrase, has run.
func Derivations(p Protector) int64 { return p.(*passphrase).derived.Load() }
