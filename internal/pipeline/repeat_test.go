package pipeline

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestRepeat(t *testing.T) {
	n := 0
	if err := Repeat(context.Background(), time.Hour, true, func() error { n++; return nil }); err != nil || n != 1 {
		t.Fatalf("once: %d calls, %v; want 1 call, nil", n, err)
	}
	failed := errors.New("poll failed")
	n = 0
	err := Repeat(context.Background(), time.Millisecond, false, func() error {
		if n++; n == 3 {
			return failed
		}
		return nil
	})
	if !errors.Is(err, failed) || n != 3 {
		t.Fatalf("repeating: %d calls, %v; want 3 calls, the third's error", n, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n = 0
	err = Repeat(ctx, time.Hour, false, func() error { n++; cancel(); return nil })
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Fatalf("cancelled while waiting: %d calls, %v; want 1 call, context.Canceled", n, err)
	}
}
