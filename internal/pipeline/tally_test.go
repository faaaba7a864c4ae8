package pipeline

import (
	"strings"
	"testing"
	"time"
)

func TestProgress(t *testing.T) {
	for _, c := range []struct {
		done, total int64
		elapsed     time.Duration
		want        string
	}{
		{0, 100, time.Minute, ""},
		{50, -1, time.Minute, ""},
		{25e6, 100e6, time.Minute, " — 25% of 100.0 MB, ETA 3m0s"},
		{100e6, 100e6, time.Minute, " — 100% of 100.0 MB"},
		{10e6, 100e6, 0, " — 10% of 100.0 MB"},
	} {
		if got := progress(c.done, c.total, c.elapsed); got != c.want {
			t.Errorf("progress(%d, %d, %v) = %q, want %q", c.done, c.total, c.elapsed, got, c.want)
		}
	}
	if s := NewRedo(10).String(); !strings.Contains(s, "0 documents read again") {
		t.Errorf("redo: %q", s)
	}
}
