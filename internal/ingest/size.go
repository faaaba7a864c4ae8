package ingest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Size returns the bytes Walk will read from paths, for progress, or -1
// when that is not known beforehand (stdin, a path that cannot be read:
// Walk reports those itself). It skips what Walk skips.
func Size(paths []string) int64 {
	if len(paths) == 0 {
		return -1
	}
	var total int64
	for _, p := range paths {
		if p == "-" {
			return -1
		}
		fi, err := os.Stat(p)
		if err != nil {
			return -1
		}
		if !fi.IsDir() {
			total += fi.Size()
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			switch {
			case err != nil:
				return err
			case path != p && strings.HasPrefix(d.Name(), "."):
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			case !d.Type().IsRegular():
				return nil
			}
			fi, err := d.Info()
			if err == nil {
				total += fi.Size()
			}
			return err
		})
		if err != nil {
			return -1
		}
	}
	return total
}
