package main

import (
	"context"
	"fmt"

	"github.com/sitrep/sitrep/internal/pipeline"
	"github.com/sitrep/sitrep/internal/store"
)

func runReprocess(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "reprocess", "")
	db := fs.String("db", "", dbUsage)
	batch := fs.Int("batch", 500, "documents replaced per transaction")
	if err := parse(fs, e, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	if *batch <= 0 {
		return fmt.Errorf("--batch must be positive: %w", errUsage)
	}
	in, s, con, err := openIngester(ctx, e, *db, *batch)
	if err != nil {
		return err
	}
	defer s.Close()
	defer pipeline.LessGC(e.getenv)()
	in.Report = func(err error) { con.printf("sitrep reprocess: %v\n", err) }
	before, err := s.Count(ctx)
	if err != nil {
		return err
	}
	t := pipeline.NewRedo(before.Documents)
	stop := con.live(t.String)
	err = in.Reprocess(ctx, t, func(d string, ch store.Changes) {
		if len(ch.Added)+len(ch.Removed)+len(ch.Changed) > 0 {
			con.printf("") // clears the progress line
			fmt.Fprintf(e.stdout, "%s\t%s\n", d, ch)
		}
	})
	stop()
	after, cerr := s.Count(context.WithoutCancel(ctx))
	if cerr == nil {
		con.printf("sitrep reprocess: %v; incidents %d → %d\n", t, before.Incidents, after.Incidents)
	}
	if err != nil {
		return err
	}
	if n := t.Refused(); n > 0 {
		return fmt.Errorf("%d document(s) left as they were, see above", n)
	}
	return cerr
}
