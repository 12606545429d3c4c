// Package redacttest holds what the URL-redaction tests of the server
// adapters share: a sentinel password, whose halves no error may show in
// any case, an address nothing listens on, and the check of an adapter's
// masking of connection errors.
package redacttest
