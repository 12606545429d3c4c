// Package redact keeps the secrets of a store URL (passwords, tokens) out
// of error text. An adapter collects what a URL must never show with
// [Secrets.Add], as each parser it deals with could read the URL, and
// passes every error that may quote the URL through [Secrets.Hide], which
// masks each secret and keeps the error's chain for errors.Is.
//
// It is internal: the server adapters of this repository (adapter/nats,
// adapter/postgres) share it, and applications never see it.
package redact
