package file_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/url"
	"os"
	"path/filepath"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/codec"
)

func ExampleOpen() {
	dir, err := os.MkdirTemp("", "streams")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()

	a, err := file.Open(ctx, dir, nil) // nil: default options
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()
	l, err := a.Open(ctx, "user-1")
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()

	rec := codec.Record{Version: 1, ID: "e1", Type: "Moved", Metadata: map[string]string{"city": "Lyon"},
		Payload: []byte("sealed bytes")}
	if err := l.Append(ctx, 0, []codec.Record{rec}); err != nil { // 0: the stream must be empty
		log.Fatal(err)
	}
	err = l.Append(ctx, 0, []codec.Record{rec})
	fmt.Println("second append at 0:", errors.Is(err, sealstream.ErrConflict))

	for r, err := range l.Read(ctx, 1) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(r.Version, r.Type, r.Metadata["city"], string(r.Payload))
	}
	h, err := l.Head(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("head", h.Version, "in", filepath.Base(h.File))
	// Output:
	// second append at 0: true
	// 1 Moved Lyon sealed bytes
	// head 1 in user-1.jsonl
}

func ExampleOpenURL() {
	dir, err := os.MkdirTemp("", "streams")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()

	u := url.URL{Scheme: "file", Path: filepath.ToSlash(dir)} // file:///tmp/streams…
	a, err := file.OpenURL(ctx, u.String())
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()
	l, err := a.Open(ctx, "user-1")
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()
	h, err := l.Head(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("empty stream at version", h.Version)

	for _, bad := range []string{"s3://bucket/streams", "file:relative/dir", "file:///tmp?mode=x"} {
		_, err := file.OpenURL(ctx, bad)
		fmt.Println(bad, errors.Is(err, sealstream.ErrUnsupportedURL))
	}
	// Output:
	// empty stream at version 0
	// s3://bucket/streams true
	// file:relative/dir true
	// file:///tmp?mode=x true
}

func ExampleLineCodec() {
	c := file.NewLineCodec("user-1", 0)
	rec := codec.Record{Version: 2, ID: "e2", Type: "Moved", Time: 1767323045000000000,
		Metadata: map[string]string{"city": "Lyon"}, Prev: []byte{0xde, 0xad}, Payload: []byte{0xbe, 0xef}}
	line, err := c.AppendLine(nil, &rec, 0) // 0: the last record of its batch
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(string(line))

	back, more, err := c.DecodeLine(line[:len(line)-1])
	fmt.Println(back.Equal(rec), more, err)
	_, _, err = file.NewLineCodec("user-2", 0).DecodeLine(line[:len(line)-1])
	fmt.Println(errors.Is(err, sealstream.ErrCorrupt))
	// Output:
	// {"f":1,"v":2,"more":0,"id":"e2","type":"Moved","time":1767323045000000000,"meta":{"city":"Lyon"},"prev":"3q0=","data":"vu8=","crc":"5202912b"}
	// true 0 <nil>
	// true
}
