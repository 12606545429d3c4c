module github.com/sealstream/sealstream

go 1.25.0

require (
	github.com/fsnotify/fsnotify v1.10.1
	github.com/google/uuid v1.6.0
	github.com/hashicorp/golang-lru/v2 v2.0.7
	github.com/leanovate/gopter v0.2.11
	github.com/samber/mo v1.16.0
	github.com/tink-crypto/tink-go/v2 v2.9.0
	go.uber.org/goleak v1.3.0
	golang.org/x/crypto v0.53.0
	golang.org/x/sys v0.46.0
)

require google.golang.org/protobuf v1.36.11

require golang.org/x/mod v0.40.0
