package pipeline

import (
	"context"
	"time"
)

// Repeat calls fn, then, unless once, again every so often until ctx is
// done or fn fails. It is how feeds are polled: one poll, or a poll every
// so long until the user stops it.
func Repeat(ctx context.Context, every time.Duration, once bool, fn func() error) error {
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		if err := fn(); err != nil || once {
			return err
		}
		t.Reset(every)
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
