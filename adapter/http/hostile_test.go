package httpadapter_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/http/server"
)

// endless is a request body of 1 GiB, the start of an append whose
// payload never ends, that counts what was read of it.
type endless struct{ read atomic.Int64 }

const endlessStart = `{"records":[{"v":1,"id":"e1","type":"T","time":"1","data":"`

func (e *endless) Read(p []byte) (int, error) {
	at := e.read.Load()
	if at > 1<<30 {
		return 0, io.EOF
	}
	for i := range p {
		p[i] = 'A'
		if at+int64(i) < int64(len(endlessStart)) {
			p[i] = endlessStart[at+int64(i)]
		}
	}
	e.read.Add(int64(len(p)))
	return len(p), nil
}

// TestHostileBodies sends append bodies that are huge, malformed, past
// the codec's limits or past the batch limit: each gets a 4xx, the server
// reads no more of a huge body than its limit allows, and nothing is
// stored.
func TestHostileBodies(t *testing.T) {
	defer http.DefaultClient.CloseIdleConnections()
	const maxBody = 1 << 20
	ts := startServer(t, func(o *server.Options) { o.MaxBody, o.MaxRecords = maxBody, 5 })
	tok := ts.token("all")
	post := func(body string) (int, []byte) {
		return raw(t, "POST", ts.URL+"/v1/records?stream=s&expect=0", tok, []byte(body))
	}
	rec := func(fields string) string {
		return `{"records":[{"v":1,"id":"e1","type":"T","time":"1","data":"AA=="` + fields + `}]}`
	}
	bad := map[string]string{
		"not JSON":          `{"records":[`,
		"trailing data":     rec("") + `{}`,
		"unknown field":     `{"records":[],"x":1}`,
		"time as a number":  `{"records":[{"v":1,"id":"e","type":"T","time":1}]}`,
		"version 2 first":   strings.Replace(rec(""), `"v":1`, `"v":2`, 1),
		"event ID too long": strings.Replace(rec(""), `"e1"`, `"`+strings.Repeat("i", 129)+`"`, 1),
		"type too long":     strings.Replace(rec(""), `"T"`, `"`+strings.Repeat("t", 257)+`"`, 1),
		"metadata too long": rec(`,"meta":{"k":"` + strings.Repeat("m", 64<<10) + `"}`),
		"prev of 31 bytes":  rec(`,"prev":"` + strings.Repeat("A", 40) + `AA=="`),
		"data not base64":   strings.Replace(rec(""), `"AA=="`, `"**"`, 1),
		"deep nesting":      `{"records":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + `}`,
	}
	for what, body := range bad {
		if status, answer := post(body); status != http.StatusBadRequest && status != http.StatusRequestEntityTooLarge {
			t.Fatalf("%s: %d %s, want 400 or 413", what, status, answer)
		}
	}
	var six []string
	for i := range 6 {
		six = append(six, fmt.Sprintf(`{"v":%d,"id":"e%d","type":"T","time":"1"}`, i+1, i))
	}
	if status, _ := post(`{"records":[` + strings.Join(six, ",") + `]}`); status != http.StatusRequestEntityTooLarge {
		t.Fatalf("6 records over a limit of 5: %d, want 413", status)
	}
	huge := &endless{}
	req, _ := http.NewRequest("POST", ts.URL+"/v1/records?stream=s&expect=0", huge)
	req.Header.Set("Authorization", "Bearer "+tok)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("a 1 GiB body: %d, want 413", resp.StatusCode)
		}
	}
	if n := huge.read.Load(); n > 16*maxBody {
		t.Fatalf("the server read %d bytes of a body limited to %d", n, maxBody)
	}
	if h := adaptertest.HeadOf(t, adaptertest.OpenLog(t, ts.open(t, "all"), "s")); h.Version != 0 {
		t.Fatalf("hostile bodies stored records: head %d", h.Version)
	}
}

// TestSlowClients checks the timeouts: a client that sends its headers a
// byte at a time (slowloris) or stalls in its body is cut off, and a
// token's concurrency limit answers 429.
func TestSlowClients(t *testing.T) {
	ts := startServer(t, func(o *server.Options) {
		o.ReadHeaderTimeout, o.ReadTimeout, o.MaxInFlight, o.MaxWatches = 300*time.Millisecond, 600*time.Millisecond, 1, 1
	})
	addr := strings.TrimPrefix(ts.URL, "http://")
	for what, head := range map[string]string{
		"slow headers": "GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ",
		"stalled body": "POST /v1/records?stream=s&expect=0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ts.token("all") + "\r\nContent-Length: 1000\r\n\r\n{",
	} {
		start := time.Now()
		if !cutOff(t, addr, head) {
			t.Fatalf("%s: the connection was still open after 5 s", what)
		}
		t.Logf("%s: cut off after %v", what, time.Since(start).Round(time.Millisecond))
	}
	// One request of the token in flight (its body stalls): the next is 429.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /v1/records?stream=s&expect=0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: 10\r\n\r\n{", ts.token("all"))
	time.Sleep(100 * time.Millisecond)
	defer http.DefaultClient.CloseIdleConnections()
	if status, body := raw(t, "GET", ts.URL+"/v1/head?stream=s", ts.token("all"), nil); status != http.StatusTooManyRequests {
		t.Fatalf("a second request in flight: %d %s, want 429", status, body)
	}
}

// cutOff opens a connection, writes head, then one more byte every 100 ms,
// and reports whether the server closed the connection within 5 s.
func cutOff(t *testing.T, addr, head string) bool {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(100 * time.Millisecond):
				if _, err := conn.Write([]byte("a")); err != nil {
					return
				}
			}
		}
	}()
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = io.Copy(io.Discard, conn)
	return err == nil || !isTimeout(err)
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}
