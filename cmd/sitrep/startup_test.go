package main

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
)

// TestInitAllocations runs this test binary (which links all of sitrep,
// the HTML reader included) with GODEBUG=inittrace=1 and adds up what the
// packages allocate before main runs. go-dateparser's locale tables, which
// go-trafilatura links for page dates, used to take 95 MB there in every
// process; they are built on first use now (third_party/go-dateparser), and
// what starting costs is measured, not timed, so the test is exact.
func TestInitAllocations(t *testing.T) {
	if os.Getenv("SITREP_INITTRACE_CHILD") != "" {
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestInitAllocations$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1", "SITREP_INITTRACE_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	line := regexp.MustCompile(`(?m)^init (\S+) @.* clock, (\d+) bytes`)
	total, largest, which := 0, 0, ""
	for _, m := range line.FindAllStringSubmatch(string(out), -1) {
		n, _ := strconv.Atoi(m[2])
		total += n
		if n > largest {
			largest, which = n, m[1]
		}
	}
	if total == 0 {
		t.Fatalf("no init trace in the output:\n%s", out)
	}
	t.Logf("package initialisation allocates %.1f MB; the most, %.1f MB, %s", float64(total)/1e6, float64(largest)/1e6, which)
	if total > 16e6 {
		t.Errorf("package initialisation allocates %.1f MB, want under 16 MB (%s: %.1f MB)", float64(total)/1e6, which, float64(largest)/1e6)
	}
}
