package testenv

import (
	"path/filepath"
	"testing"
)

func TestRoot(t *testing.T) {
	if _, ok := SharedPath(); !ok {
		t.Log("no ../shared beside the repository")
	}
	if p, _ := SharedPath("eval"); filepath.Base(p) != "eval" || filepath.Base(filepath.Dir(p)) != "shared" {
		t.Fatalf("shared path %s", p)
	}
	var skipped bool
	t.Run("missing", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		Shared(t, "no", "such", "file")
		t.Error("a missing file did not skip the test")
	})
	if !skipped {
		t.Fatal("Shared did not skip")
	}
}

func TestCPUTime(t *testing.T) {
	if CPUTime() <= 0 {
		t.Skip("no CPU time on this platform")
	}
}
