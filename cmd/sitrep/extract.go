package main

import (
	"context"
	"fmt"

	"github.com/sitrep/sitrep/internal/code"
	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/pipeline"
)

func runExtract(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "extract", "[FILE...]")
	format := fs.String("format", "", "output format: table, jsonl, json, csv or geojson (default: table on a terminal, else jsonl)")
	explain := fs.Bool("explain", false, "also tell, on stderr, the events each report mentions but does not report (a trial, a toll, the past), and why")
	if err := parse(fs, e, args); err != nil {
		return err
	}
	if *format == "" {
		*format = "jsonl"
		if e.terminal {
			*format = "table"
		}
	}
	w, err := event.NewWriter(*format, e.stdout)
	if err != nil {
		return fmt.Errorf("%w: %w", err, errUsage)
	}
	rd, coder, err := e.stack().Reading()
	if err != nil {
		return err
	}
	waitingForStdin(e, fs.Args())
	defer pipeline.LessGC(e.getenv)() // as ingest does: see LessGC
	err = pipeline.Code(ctx, rd, fs.Args(), e.stdin, skipped(e), coder.Read, func(r code.Reading) error {
		if r.Note != "" {
			fmt.Fprintf(e.stderr, "sitrep: %s: %s\n", r.Source, r.Note)
		}
		for i := range r.Events {
			if err := w.Write(&r.Events[i]); err != nil {
				return err
			}
		}
		if *explain {
			for _, l := range r.LeftOut {
				fmt.Fprintln(e.stderr, l)
			}
		}
		return nil
	})
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	return err
}

// waitingForStdin tells someone at a terminal who gave no input that sitrep
// is reading what they type.
func waitingForStdin(e *env, paths []string) {
	if e.stdinTerminal && (len(paths) == 0 || len(paths) == 1 && paths[0] == "-") {
		fmt.Fprintln(e.stderr, "sitrep: reading a report from standard input (end it with Ctrl-D; give files to read those instead)")
	}
}

// skipped reports a record that holds no document.
func skipped(e *env) func(error) {
	return func(err error) { fmt.Fprintf(e.stderr, "sitrep: skipped %v\n", err) }
}

// readDocuments reads documents as the commands that do not store them do.
func readDocuments(ctx context.Context, e *env, st *pipeline.Stack, paths []string, fn func(document.Document) error) error {
	rd, err := st.Reader()
	if err != nil {
		return err
	}
	waitingForStdin(e, paths)
	return pipeline.Documents(ctx, rd, paths, e.stdin, skipped(e), fn)
}
