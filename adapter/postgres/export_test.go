package postgres

// HideURLSecrets returns err as the adapter returns a connection error of
// the URL raw: with the URL's passwords masked in its message.
func HideURLSecrets(raw string, err error) error { return secretsOf(raw).hide(err) }
