// Command sealstream shows, checks, carries and erases the events of a
// sealstream store without writing Go.
//
// Install it with
//
//	go install github.com/sealstream/sealstream/cmd/sealstream@latest
//
// A store is named by --url (or $SEALSTREAM_URL): a file:///dir URL or a
// plain directory path, or a postgres://, nats://, s3://, http:// or
// https:// URL of a server store, whose keys stay in a local directory
// made by init and named by --keys (or $SEALSTREAM_KEYS). The passphrase
// comes from $SEALSTREAM_PASSPHRASE, from --passphrase-file, or from a
// prompt on a terminal that does not echo; it is never a flag value and is
// never printed.
//
//	sealstream init ./life
//	export SEALSTREAM_URL=./life
//	echo '{"type":"Moved","data":{"to":"Elm St"}}' | sealstream append alice
//	sealstream ls
//	sealstream cat alice | jq .data
//	sealstream tail -f alice
//	sealstream changes --since 0 -f
//	sealstream verify --all
//	sealstream checkpoint alice > alice.cp
//	sealstream verify alice --checkpoint alice.cp
//	sealstream export alice > alice.ssa
//	sealstream import alice.ssa
//	sealstream keys rotate alice
//	sealstream keys identity ls
//	sealstream kg alice --rules life.rules --format svg > life.svg
//	sealstream erase alice --yes
//
// changes prints the store's change feed, one JSON object a line:
// {"pos":"<position>","stream":id,"from":v,"to":v} for every batch of every
// stream, after --since (a position it printed), with -f then live.
//
// cat and tail write one JSON object a line: version, id, type, time,
// metadata, and the payload under "data" when it is JSON, else in base64
// under "data_b64". append reads the same form, so cat's output can be
// appended to another stream as it is.
//
// export writes a stream's sealed records, their hash chain and a signed
// checkpoint of its head; import checks all of it (form, chain, checkpoint
// and every record's authentication under the store's keys for the
// stream) before writing anything, and is idempotent. The payloads stay
// sealed, so an archive is imported into a store holding the stream's
// keys: the store it came from, or one with a copy of its keyring.
//
// Identities live in the store's keyring ("keys identity new"); append
// --to seals events to some of them, signed by the --writer identity, and
// cat --as reads as one. A recipient export imported with "keys identity
// import" is kept in the store directory (or the --keys directory) under
// .trusted/<id>.ssr; every command trusts the writers kept there. "keys
// identity ls" lists both, one a line: the keyring's identities (private)
// and the trusted writers.
//
// An http:// or https:// store is a sync server: "sealstream serve" (or
// sealstream-serve, from the adapter/http module) serving a store to the
// holders of its tokens. The server keeps sealed records only and needs no
// passphrase. The keys stay with the clients, in the --keys directory, as
// for the other server stores: a client reads the streams whose keys its
// keyring holds. A client's token comes from $SEALSTREAM_TOKEN or
// --token-file, never a flag value; a token the server refuses is one line
// on stderr and exit code 1.
//
//	sealstream serve --new-token   # token: for the client; hash: for the token list
//	sealstream serve --url ./life --tokens tokens.json --addr :8443 --tls-cert c.pem --tls-key k.pem
//	SEALSTREAM_TOKEN=sst_… sealstream --url https://host:8443 --keys ./keys cat alice
//
// Exit codes: 0 success, 1 error, 2 bad usage, 3 integrity failure (a
// broken hash chain, a payload that fails authentication, a damaged
// record or archive, a stream that no longer extends a checkpoint).
// Errors are one line on stderr; --debug adds the underlying error and the
// kinds of the wrapped errors, never a payload, a key or the passphrase.
package main
