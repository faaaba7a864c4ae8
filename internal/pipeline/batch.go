package pipeline

import (
	"sync"
	"time"
)

// Batcher gathers items into batches and hands each to flush on a
// goroutine of its own, so that one batch is stored while the next fills.
// No full batch waits beside those two: when flush is the slower side
// (the store's one writer), a third would only be memory held (a third
// of the documents in flight) that every collection marks again.
// A batch goes when it holds Size items or, at the next Add, when the
// oldest has waited MaxWait (a slow source, such as a feed, still gets its
// items stored every few seconds). After flush fails once, Add reports the
// error and nothing more is flushed.
type Batcher[T any] struct {
	size    int
	maxWait time.Duration
	flush   func([]T) error

	batch   []T
	started time.Time
	queue   chan []T
	done    sync.WaitGroup

	mu  sync.Mutex
	err error
}

// NewBatcher returns a batcher of size items (at least 1), waiting at most maxWait (0: no limit).
func NewBatcher[T any](size int, maxWait time.Duration, flush func([]T) error) *Batcher[T] {
	b := &Batcher[T]{size: max(1, size), maxWait: maxWait, flush: flush, queue: make(chan []T)} // unbuffered: see above
	b.done.Go(func() {
		for batch := range b.queue {
			if b.Err() != nil {
				continue
			}
			if err := b.flush(batch); err != nil {
				b.mu.Lock()
				b.err = err
				b.mu.Unlock()
			}
		}
	})
	return b
}

// Add adds an item; it is not safe for concurrent use.
func (b *Batcher[T]) Add(item T) error {
	if err := b.Err(); err != nil {
		return err
	}
	if len(b.batch) == 0 {
		b.started = time.Now()
	}
	b.batch = append(b.batch, item)
	if len(b.batch) >= b.size || b.maxWait > 0 && time.Since(b.started) > b.maxWait {
		b.send()
	}
	return nil
}

func (b *Batcher[T]) send() {
	if len(b.batch) > 0 {
		b.queue <- b.batch
		b.batch = make([]T, 0, b.size)
	}
}

// Err is the error flush returned, if it failed.
func (b *Batcher[T]) Err() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

// Close flushes what is left, waits for every flush to end and returns the
// first error.
func (b *Batcher[T]) Close() error {
	b.send()
	close(b.queue)
	b.done.Wait()
	return b.Err()
}
