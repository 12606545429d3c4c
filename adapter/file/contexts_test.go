package file_test

import (
	"context"
	"sync"
)

// countdownCtx reports cancellation from call after+1 of Err on (never if
// after < 0), closing Done then, and counts the calls: a deadline without
// a clock.
type countdownCtx struct {
	context.Context
	mu           sync.Mutex
	after, calls int
	done         chan struct{}
}

func countdown(after int) *countdownCtx {
	return &countdownCtx{Context: context.Background(), after: after, done: make(chan struct{})}
}

func (c *countdownCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.calls++; c.after < 0 || c.calls <= c.after {
		return nil
	}
	if c.calls == c.after+1 {
		close(c.done)
	}
	return context.Canceled
}

func (c *countdownCtx) Done() <-chan struct{} { return c.done }

// noWaitCtx gives up wherever a call would wait on it: Done is closed, and
// Err reports cancellation once Done was asked for. It proves a lock free.
type noWaitCtx struct {
	context.Context
	mu     sync.Mutex
	waited bool
}

func (c *noWaitCtx) Done() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waited = true
	return closedChan
}

func (c *noWaitCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.waited {
		return context.Canceled
	}
	return nil
}

var closedChan = func() chan struct{} { c := make(chan struct{}); close(c); return c }()
