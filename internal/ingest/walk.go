package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Walk reads every record of the inputs named by paths, in order, and calls
// fn for each; "-" or no paths at all mean opt.Stdin. A folder is read
// recursively in lexical order, skipping hidden files and folders. Skipped
// records go to opt.OnError and reading goes on; an input that cannot be
// read to its end (missing, unreadable, truncated) does not stop the
// others: Walk returns the errors of all such inputs, joined, after the
// last input. An error from fn, or ctx being done, stops Walk at once and
// is returned.
func Walk(ctx context.Context, paths []string, opt Options, fn func(Record) error) error {
	if len(paths) == 0 {
		paths = []string{"-"}
	}
	// Callback errors are marked so that they can be told from input errors.
	yield := func(r Record) error {
		if err := fn(r); err != nil {
			return &stopError{err}
		}
		return nil
	}
	var failed []error
	// read reads one input; it returns the error that must stop Walk, if any.
	read := func(name string, open func() (io.ReadCloser, error)) error {
		f, err := open()
		if err == nil {
			err = Read(ctx, name, f, opt, yield)
			f.Close()
		}
		var stop *stopError
		switch {
		case err == nil:
		case errors.As(err, &stop):
			return stop.err
		case ctx.Err() != nil:
			return ctx.Err()
		default:
			failed = append(failed, err)
		}
		return nil
	}
	for _, p := range paths {
		if p == "-" {
			err := read("stdin", func() (io.ReadCloser, error) {
				if opt.Stdin == nil {
					return nil, errors.New("stdin: no standard input given")
				}
				return io.NopCloser(opt.Stdin), nil
			})
			if err != nil {
				return err
			}
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			failed = append(failed, err) // *PathError names the file
			continue
		}
		if !fi.IsDir() {
			if err := read(p, func() (io.ReadCloser, error) { return os.Open(p) }); err != nil {
				return err
			}
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				failed = append(failed, err)
				return nil
			}
			if path != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			return read(path, func() (io.ReadCloser, error) { return os.Open(path) })
		})
		if err != nil {
			return err
		}
	}
	return errors.Join(failed...)
}

// stopError carries an error of the callback through Read, so that Walk
// can tell it from an error of the input.
type stopError struct{ err error }

func (e *stopError) Error() string { return e.err.Error() }
func (e *stopError) Unwrap() error { return e.err }

// Read reads the records of one input r, called name in records and
// errors, whatever its format (see Detect); gzip'd input is decompressed
// first. Skipped records go to opt.OnError; an error from fn is returned
// as it is; other errors name the input.
func Read(ctx context.Context, name string, r io.Reader, opt Options, fn func(Record) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	br := bufio.NewReaderSize(&countReader{r, &opt}, DetectSize)
	magic, _ := br.Peek(2)
	gz := bytes.Equal(magic, []byte{0x1f, 0x8b})
	if gz {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		br = bufio.NewReaderSize(zr, DetectSize)
	}
	head, err := br.Peek(DetectSize)
	if err != nil && err != io.EOF {
		// Read what came before the error (a truncated gzip stream); the
		// error then ends the input as it would later on.
		br = bufio.NewReaderSize(io.MultiReader(bytes.NewReader(head), errReader{err}), DetectSize)
	}
	kind := Text
	switch Detect(head) {
	case FormatJSONL:
		return readJSONL(ctx, name, br, &opt, fn)
	case FormatWARC:
		return readWARC(ctx, name, gz, br, &opt, fn)
	case FormatHTML:
		kind = HTML
	}
	body, err := io.ReadAll(io.LimitReader(br, opt.maxRecord()+1))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(body)) > opt.maxRecord() {
		opt.skip(fmt.Errorf("%s: %w (%d bytes)", name, ErrTooLarge, opt.maxRecord()))
		return nil
	}
	// No ID: file names repeat across folders; the document stage derives
	// one from the text.
	return opt.yield(fn, Record{Source: name, Kind: kind, Body: body})
}

// countReader counts the bytes read from an input for Stats.Bytes.
type countReader struct {
	r   io.Reader
	opt *Options
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.opt.addBytes(n)
	return n, err
}

// errReader fails with err.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
