// Package buildinfo says which build of sitrep is running, from what the Go
// toolchain stamped into the binary.
package buildinfo

import (
	"fmt"
	"runtime/debug"
)

// String says which build this is: the module version and the VCS
// revision Go stamped into the binary, and the Go that built it.
func String() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "sitrep (no build information)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	s := "sitrep " + v
	var rev, when, dirty string
	for _, kv := range bi.Settings {
		switch kv.Key {
		case "vcs.revision":
			rev = kv.Value
		case "vcs.time":
			when = kv.Value
		case "vcs.modified":
			if kv.Value == "true" {
				dirty = ", modified"
			}
		}
	}
	if rev != "" {
		s += fmt.Sprintf(" (revision %.12s, %s%s)", rev, when, dirty)
	}
	return s + " " + bi.GoVersion
}
