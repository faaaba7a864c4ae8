package pipeline

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

func count(n int) func(yield func(int) error) error {
	return func(yield func(int) error) error {
		for i := range n {
			if err := yield(i); err != nil {
				return err
			}
		}
		return nil
	}
}

// Results come in input order however long each item takes.
func TestMapOrder(t *testing.T) {
	for _, workers := range []int{1, 3, 0} {
		var got []int
		err := Map(context.Background(), workers, count(500),
			func(i int) int {
				time.Sleep(time.Duration(rand.IntN(50)) * time.Microsecond)
				return i * i
			},
			func(v int) error { got = append(got, v); return nil })
		if err != nil {
			t.Fatal(err)
		}
		want := make([]int, 500)
		for i := range want {
			want[i] = i * i
		}
		if !slices.Equal(got, want) {
			t.Fatalf("workers %d: out of order or lost", workers)
		}
	}
}

// A consumer's error stops production and comes back.
func TestMapConsumeError(t *testing.T) {
	boom := errors.New("boom")
	var produced atomic.Int64
	err := Map(context.Background(), 2,
		func(yield func(int) error) error {
			for i := 0; ; i++ {
				produced.Add(1)
				if err := yield(i); err != nil {
					return err
				}
			}
		},
		func(i int) int { return i },
		func(v int) error {
			if v == 10 {
				return boom
			}
			return nil
		})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if n := produced.Load(); n > 10_000 {
		t.Fatalf("%d items produced after the consumer failed", n)
	}
}

// Cancelling stops an endless producer; what was produced is consumed.
func TestMapCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var consumed, produced atomic.Int64
	err := Map(ctx, 2,
		func(yield func(int) error) error {
			for i := 0; ; i++ {
				if err := yield(i); err != nil {
					return err
				}
				produced.Add(1)
				if i == 100 {
					cancel()
				}
			}
		},
		func(i int) int { return i },
		func(int) error { consumed.Add(1); return nil })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if consumed.Load() != produced.Load() {
		t.Fatalf("%d produced but %d consumed", produced.Load(), consumed.Load())
	}
}

// At most a bounded number of items are in flight: a slow consumer holds
// back the producer.
func TestMapBounded(t *testing.T) {
	var produced, consumed atomic.Int64
	var most int64
	err := Map(context.Background(), 2, count(2000),
		func(i int) int { produced.Add(1); return i },
		func(int) error {
			if d := produced.Load() - consumed.Load(); d > most {
				most = d
			}
			consumed.Add(1)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if most > 32*2+2*2+2 {
		t.Fatalf("%d items in flight", most)
	}
}

func BenchmarkMap(b *testing.B) {
	for b.Loop() {
		Map(context.Background(), 0, count(1000), func(i int) int { return i }, func(int) error { return nil })
	}
}
