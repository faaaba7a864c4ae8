package main

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/document/page"
	"github.com/sitrep/sitrep/internal/ingest"
)

// readDocuments calls fn for every document in paths (files, folders, "-"
// for stdin; stdin when none). A record that holds no document is reported
// on stderr and skipped; the others go on, and the count of skipped records
// comes back as an error at the end.
func readDocuments(ctx context.Context, e *env, paths []string, fn func(document.Document) error) error {
	rd, err := document.NewReader(lexiconDir(e), page.Read)
	if err != nil {
		return err
	}
	var skipped atomic.Int64
	report := func(err error) {
		skipped.Add(1)
		fmt.Fprintf(e.stderr, "sitrep: skipped %v\n", err)
	}
	err = ingest.Walk(ctx, paths, ingest.Options{Stdin: e.stdin, OnError: report}, func(rec ingest.Record) error {
		d, err := rd.Read(rec)
		if err != nil {
			report(err)
			return nil
		}
		return fn(d)
	})
	if err != nil {
		return err
	}
	if n := skipped.Load(); n > 0 {
		return fmt.Errorf("%d record(s) skipped, see above", n)
	}
	return nil
}

// lexiconDir holds the user's additions to the word lists.
func lexiconDir(e *env) string { return filepath.Join(dataDir(e.getenv), "lexicon") }
