package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// console writes messages to stderr and, when stderr is a terminal,
// keeps a progress line below them.
type console struct {
	mu       sync.Mutex
	w        io.Writer
	terminal bool
	showing  bool // the progress line is on screen
}

func newConsole(w io.Writer) *console {
	f, ok := w.(*os.File)
	return &console{w: w, terminal: ok && isTerminal(f)}
}

func (c *console) printf(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clear()
	fmt.Fprintf(c.w, format, args...)
}

func (c *console) clear() {
	if c.showing {
		io.WriteString(c.w, "\r\033[K")
		c.showing = false
	}
}

// live shows status() a few times a second until stop is called; on
// anything but a terminal it shows nothing.
func (c *console) live(status func() string) (stop func()) {
	if !c.terminal {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			c.mu.Lock()
			fmt.Fprintf(c.w, "\r%s\033[K", status())
			c.showing = true
			c.mu.Unlock()
		}
	})
	var once sync.Once
	return func() {
		once.Do(func() {
			close(done)
			wg.Wait()
			c.mu.Lock()
			c.clear()
			c.mu.Unlock()
		})
	}
}
