package main

import (
	"github.com/sealstream/sealstream"
)

// eventType is the type of every benchmark event.
const eventType = "Noted"

// payload returns n printable bytes, the same on every call, so that JSON
// encoders need no escaping and every contender stores the same content.
func payload(n int) []byte {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[(i*7+i/len(alphabet))%len(alphabet)]
	}
	return b
}

// events returns k sealstream events carrying data.
func events(k int, data []byte) []sealstream.Event {
	es := make([]sealstream.Event, k)
	for i := range es {
		es[i] = sealstream.Event{Type: eventType, Data: data}
	}
	return es
}
