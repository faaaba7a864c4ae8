package pipeline

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/ingest"
)

// Documents calls fn for every document in paths (files, folders, archives,
// "-" for stdin; stdin when none). A record that holds no document is told
// to onSkip and skipped; the others go on, and when any was skipped the
// count comes back as an error at the end.
func Documents(ctx context.Context, rd *document.Reader, paths []string, stdin io.Reader, onSkip func(error), fn func(document.Document) error) error {
	var skipped atomic.Int64
	report := func(err error) {
		skipped.Add(1)
		onSkip(err)
	}
	err := ingest.Walk(ctx, paths, ingest.Options{Stdin: stdin, OnError: report}, func(rec ingest.Record) error {
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

// Code reads the documents in paths as Documents does and codes them on
// all cores, handing each document's events to fn in input order.
func Code[Out any](ctx context.Context, rd *document.Reader, paths []string, stdin io.Reader, onSkip func(error),
	work func(document.Document) Out, fn func(Out) error) error {
	return Map(ctx, 0,
		func(yield func(document.Document) error) error {
			return Documents(ctx, rd, paths, stdin, onSkip, yield)
		},
		work, fn)
}
