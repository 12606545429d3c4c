package nats_test

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/nats"
)

// startServer runs an embedded single-node JetStream server on loopback
// that fsyncs every write, with its store in dir. port -1 picks one.
func startServer(t testing.TB, dir string, port int) *server.Server {
	t.Helper()
	s := runServer(t, &server.Options{
		ServerName: "single", Host: "127.0.0.1", Port: port,
		JetStream: true, StoreDir: dir, SyncAlways: true,
		NoLog: true, NoSigs: true,
	})
	t.Cleanup(func() { stopServer(s) })
	return s
}

func runServer(t testing.TB, opts *server.Options) *server.Server {
	t.Helper()
	s, err := server.NewServer(opts)
	if err != nil {
		t.Fatalf("server.NewServer: %v", err)
	}
	s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		t.Fatalf("server %s not ready after 10s", opts.ServerName)
	}
	return s
}

func stopServer(s *server.Server) {
	s.Shutdown()
	s.WaitForShutdown()
}

// startCluster runs n JetStream servers on loopback, routed to each other,
// each fsyncing every write, and waits for a meta leader that sees all n
// online.
func startCluster(t testing.TB, n int) []*server.Server {
	t.Helper()
	ports := make([]int, n)
	routes := make([]string, n)
	for i := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ports[i] = l.Addr().(*net.TCPAddr).Port
		routes[i] = fmt.Sprintf("nats://127.0.0.1:%d", ports[i])
		_ = l.Close()
	}
	servers := make([]*server.Server, n)
	for i := range servers {
		s, err := server.NewServer(&server.Options{
			ServerName: fmt.Sprintf("n%d", i+1), Host: "127.0.0.1", Port: -1,
			JetStream: true, StoreDir: t.TempDir(), SyncAlways: true,
			Cluster: server.ClusterOpts{Name: "sealstream", Host: "127.0.0.1", Port: ports[i]},
			Routes:  server.RoutesFromStr(strings.Join(routes, ",")),
			NoLog:   true, NoSigs: true,
		})
		if err != nil {
			t.Fatalf("server.NewServer: %v", err)
		}
		s.Start()
		servers[i] = s
		t.Cleanup(func() { stopServer(s) })
	}
	for _, s := range servers {
		if !s.ReadyForConnections(10 * time.Second) {
			t.Fatalf("server %s not ready after 10s", s.Name())
		}
	}
	waitFor(t, 30*time.Second, "JetStream meta leader seeing every peer online", func() bool {
		for _, s := range servers {
			if s.JetStreamIsLeader() && len(s.JetStreamClusterPeers()) == n {
				return true
			}
		}
		return false
	})
	return servers
}

// waitFor polls cond until it holds, failing the test after limit.
func waitFor(t testing.TB, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("no %s after %v", what, limit)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

var streamNo atomic.Int64

// freshOptions returns options naming a JetStream stream and subject
// prefix no other test uses.
func freshOptions() nats.Options {
	n := streamNo.Add(1)
	return nats.Options{
		Stream:         fmt.Sprintf("T%d", n),
		SubjectPrefix:  fmt.Sprintf("t%d", n),
		WatchHeartbeat: time.Second,
	}
}

// openAdapter opens an adapter on url with o, closed at cleanup.
func openAdapter(t testing.TB, url string, o nats.Options) adapter.Adapter {
	t.Helper()
	a, err := o.Open(context.Background(), url)
	if err != nil {
		t.Fatalf("Open(%s): %v", url, err)
	}
	t.Cleanup(func() { _ = a.Close() })
	return a
}

// openLog opens streamID on a, closed at cleanup.
func openLog(t testing.TB, a adapter.Adapter, streamID string) adapter.Log {
	t.Helper()
	l, err := a.Open(context.Background(), streamID)
	if err != nil {
		t.Fatalf("Open(%q): %v", streamID, err)
	}
	t.Cleanup(func() { _ = l.Close() })
	return l
}
