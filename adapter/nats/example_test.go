package nats_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	natsgo "github.com/nats-io/nats.go"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/nats"
)

// exampleServer runs a throwaway JetStream server that fsyncs every write
// and returns its URL and a function that stops it.
func exampleServer() (string, func()) {
	dir, err := os.MkdirTemp("", "sealstream-nats-example")
	if err != nil {
		log.Fatal(err)
	}
	s, err := server.NewServer(&server.Options{
		Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: dir,
		SyncAlways: true, NoLog: true, NoSigs: true,
	})
	if err != nil {
		log.Fatal(err)
	}
	s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		log.Fatal("server not ready")
	}
	return s.ClientURL(), func() { stopServer(s); _ = os.RemoveAll(dir) }
}

func ExampleOpen() {
	url, stop := exampleServer()
	defer stop()
	ctx := context.Background()

	a, err := nats.Open(ctx, url) // or stream.Config{URL: url, Opener: nats.Open}
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()
	l, err := a.Open(ctx, "user-1")
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()
	if err := l.Append(ctx, 0, adaptertest.Records("user-1", 0, 3, nil)); err != nil {
		log.Fatal(err)
	}
	for r, err := range l.Read(ctx, 2) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(r.Version, r.ID)
	}
	// Output:
	// 2 user-1-e2
	// 3 user-1-e3
}

func ExampleOptions_Open() {
	url, stop := exampleServer()
	defer stop()
	ctx := context.Background()

	// Replicas: 3 on a cluster; one here.
	o := nats.Options{Stream: "EVENTS", SubjectPrefix: "events", Replicas: 1}
	a, err := o.Open(ctx, url) // or stream.Config{URL: url, Opener: o.Open}
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()
	subject, _ := o.Subject("user-1")
	fmt.Println(subject)
	// Output: events.ELPMASHD64
}

func ExampleNew() {
	url, stop := exampleServer()
	defer stop()
	ctx := context.Background()

	nc, err := natsgo.Connect(url) // a connection the application already has
	if err != nil {
		log.Fatal(err)
	}
	defer nc.Close()
	a, err := nats.New(ctx, nc, nats.Options{})
	if err != nil {
		log.Fatal(err)
	}
	l, err := a.Open(ctx, "user-1")
	if err != nil {
		log.Fatal(err)
	}
	h, err := l.Head(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("version", h.Version)
	_ = a.Close() // leaves nc open
	fmt.Println("connected", nc.IsConnected())
	// Output:
	// version 0
	// connected true
}
