// Package datafile reads the data files sitrep's word lists come from: an
// embedded default, then, when the user keeps one, the file of the same name
// in their directory, which adds to it.
package datafile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Read calls read for the default data (named defName in messages), then for
// dir/name if dir is set and the file exists. A missing user file is no
// error; an unreadable one is.
func Read(def io.Reader, defName, dir, name string, read func(r io.Reader, source string) error) error {
	if err := read(def, defName); err != nil {
		return err
	}
	if dir == "" {
		return nil
	}
	path := filepath.Join(dir, name)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer f.Close()
	return read(f, path)
}
