package main

import (
	"context"
	"errors"
	"os"
	"strings"

	"github.com/sitrep/sitrep/internal/evaluate"
)

func runEval(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval", "")
	shared := fs.String("shared", "../shared", "the shared folder holding eval/ and corpus/")
	only := fs.String("only", strings.Join(evaluate.Sections, ","), "comma-separated sections to run")
	limit := fs.Int("limit", 0, "score only the first N documents of each file (0: all)")
	misses := fs.String("misses", "", "write the events missed and wrongly found (and those found with another sub-type, with \"Read\"), per document, to this JSON Lines file")
	if err := parse(fs, e, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	opt := evaluate.RunOptions{Shared: *shared, Sections: strings.Split(*only, ","), Limit: *limit, Stack: e.stack()}
	if *misses != "" {
		f, err := os.Create(*misses)
		if err != nil {
			return err
		}
		defer f.Close()
		opt.Misses = f
	}
	err := evaluate.Run(ctx, e.stdout, opt)
	if errors.Is(err, evaluate.ErrUnknownSection) {
		return errors.Join(err, errUsage)
	}
	return err
}
