package buildinfo

import (
	"runtime"
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	s := String()
	if !strings.HasPrefix(s, "sitrep ") || !strings.HasSuffix(s, runtime.Version()) {
		t.Fatalf("%q", s)
	}
}
