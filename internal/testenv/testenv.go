// Package testenv holds what sitrep's tests and benchmarks share: the
// process's CPU time and paths into the evaluation data in ../shared that
// skip the test when it is absent (a ready coder is codetest's). It is
// imported by tests only, and imports nothing of the project that reads
// text, so that the tests of every package may use it.
package testenv

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/rusage"
)

// CPUTime is the CPU time the process has used, user and system: on a
// shared machine it tells what a core did, where wall time also tells
// what the neighbours did. 0 where the platform does not say.
func CPUTime() time.Duration {
	d, _ := rusage.CPU()
	return d
}

// root is the module's directory: this file's, two levels up.
func root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// SharedPath returns the path of elem inside the shared folder beside the
// repository (../shared: the evaluation data and the seed corpus), and
// whether it exists.
func SharedPath(elem ...string) (string, bool) {
	p := filepath.Join(append([]string{root(), "..", "shared"}, elem...)...)
	_, err := os.Stat(p)
	return p, err == nil
}

// Shared is SharedPath for a test that needs the file: it skips the test
// when the file is absent (a clean clone has no ../shared).
func Shared(tb testing.TB, elem ...string) string {
	tb.Helper()
	p, ok := SharedPath(elem...)
	if !ok {
		tb.Skipf("%s is absent: this test needs the shared evaluation data", p)
	}
	return p
}
