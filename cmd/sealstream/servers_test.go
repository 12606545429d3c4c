package main_test

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/rogpeppe/go-internal/testscript"
)

// The servers the scripts' server stores run against: scripts/test.sh
// starts PostgreSQL and versitygw and names them in these variables; NATS
// is embedded.
const (
	postgresEnv = "SEALSTREAM_TEST_POSTGRES_URL"
	s3Env       = "SEALSTREAM_TEST_S3_URL"
	s3KeyEnv    = "SEALSTREAM_TEST_S3_ACCESS_KEY"
	s3SecretEnv = "SEALSTREAM_TEST_S3_SECRET_KEY"
)

// serverCondition answers [server:NAME]: whether the server is at hand.
// Under CI a missing server is an error, never a skip.
func serverCondition(cond string) (bool, error) {
	name, ok := strings.CutPrefix(cond, "server:")
	if !ok {
		return false, fmt.Errorf("unknown condition %q", cond)
	}
	env := map[string]string{"postgres": postgresEnv, "s3": s3Env, "nats": ""}
	v, known := env[name]
	switch {
	case !known:
		return false, fmt.Errorf("unknown server %q", name)
	case v == "" || os.Getenv(v) != "":
		return true, nil
	case os.Getenv("CI") == "true":
		return false, fmt.Errorf("%s is unset: run the tests through scripts/test.sh", v)
	}
	return false, nil
}

// serverCmd is "server NAME": it sets $STORE to a fresh store URL on that
// server (an embedded NATS server is started for the script).
func serverCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: server nats|postgres|s3")
	}
	fresh := make([]byte, 8)
	_, _ = rand.Read(fresh)
	name := "t_" + hex.EncodeToString(fresh)
	switch args[0] {
	case "nats":
		s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true,
			StoreDir: ts.MkAbs("nats-data"), SyncAlways: true, NoLog: true, NoSigs: true})
		ts.Check(err)
		s.Start()
		ts.Defer(func() { s.Shutdown(); s.WaitForShutdown() })
		if !s.ReadyForConnections(10 * time.Second) {
			ts.Fatalf("the NATS server is not ready")
		}
		ts.Setenv("STORE", s.ClientURL())
	case "postgres":
		u, err := url.Parse(os.Getenv(postgresEnv))
		ts.Check(err)
		q := u.Query()
		q.Set("schema", name)
		u.RawQuery = q.Encode()
		ts.Setenv("STORE", u.String())
	case "s3":
		u, err := url.Parse(os.Getenv(s3Env))
		ts.Check(err)
		u.Path = "/" + strings.ReplaceAll(name, "_", "-") + "/"
		ts.Setenv("STORE", u.String())
		ts.Setenv("AWS_ACCESS_KEY_ID", os.Getenv(s3KeyEnv))
		ts.Setenv("AWS_SECRET_ACCESS_KEY", os.Getenv(s3SecretEnv))
		ts.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	default:
		ts.Fatalf("unknown server %q", args[0])
	}
}
