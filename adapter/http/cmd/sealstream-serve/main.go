// Command sealstream-serve is a sync server for sealstream: it keeps
// streams of sealed records and sealed keyset blobs in a directory and
// serves them over HTTP or HTTPS to the holders of its tokens. It never
// sees a key or a plaintext: clients seal before they send.
//
//	sealstream-serve -new-token        # prints a token (for the client) and its hash (for the list)
//	sealstream-serve -dir /var/lib/sealstream -tokens tokens.json -addr :8443 \
//		-tls-cert cert.pem -tls-key key.pem
//
// tokens.json is a JSON array of entries, each naming a token's hash, the
// stream ID prefix it reaches, its keyset blob namespace, its rights and
// an optional expiry:
//
//	[{"name": "alice-phone", "hash": "sha256:…", "prefix": "alice/", "blobs": "alice",
//	  "read": true, "write": true, "expires": "2027-01-01T00:00:00Z"}]
//
// SIGINT or SIGTERM shuts it down: open watches end, appends in flight
// finish. See the package doc of github.com/sealstream/sealstream/adapter/http
// for the API, the threat model and running behind a reverse proxy.
package main

import (
	"os"

	"github.com/sealstream/sealstream/adapter/http/internal/serve"
)

func main() { os.Exit(serve.Main(os.Args[1:])) }
