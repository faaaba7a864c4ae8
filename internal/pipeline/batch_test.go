package pipeline

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestBatcherSize(t *testing.T) {
	var mu sync.Mutex
	var batches [][]int
	b := NewBatcher(3, 0, func(batch []int) error {
		mu.Lock()
		defer mu.Unlock()
		batches = append(batches, slices.Clone(batch))
		return nil
	})
	for i := range 7 {
		if err := b.Add(i); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	want := [][]int{{0, 1, 2}, {3, 4, 5}, {6}}
	if !slices.EqualFunc(batches, want, slices.Equal) {
		t.Fatalf("batches %v, want %v", batches, want)
	}
}

// A batch whose first item is older than MaxWait goes at the next Add.
func TestBatcherWait(t *testing.T) {
	flushed := make(chan []int, 4)
	b := NewBatcher(100, 20*time.Millisecond, func(batch []int) error { flushed <- slices.Clone(batch); return nil })
	b.Add(1)
	time.Sleep(40 * time.Millisecond)
	b.Add(2)
	select {
	case got := <-flushed:
		if !slices.Equal(got, []int{1, 2}) {
			t.Fatalf("flushed %v", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("an old batch was not flushed")
	}
	b.Close()
}

// After a failed flush, Add says so and nothing more is flushed.
func TestBatcherError(t *testing.T) {
	boom := errors.New("disk full")
	calls := 0
	b := NewBatcher(1, 0, func([]int) error { calls++; return boom })
	b.Add(1)
	deadline := time.Now().Add(5 * time.Second)
	for b.Err() == nil && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if err := b.Add(2); !errors.Is(err, boom) {
		t.Fatalf("Add after failure: %v", err)
	}
	if err := b.Close(); !errors.Is(err, boom) || calls != 1 {
		t.Fatalf("Close: %v after %d flushes", err, calls)
	}
}
