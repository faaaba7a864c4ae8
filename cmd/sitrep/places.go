package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/geoparse"
	"github.com/sitrep/sitrep/internal/text"
)

func runPlaces(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "places", "[FILE...]")
	format := fs.String("format", "", "output format: table or jsonl (default: table on a terminal, else jsonl)")
	demonyms := fs.Bool("demonyms", false, "also print demonyms and adjectives (Syrian, Kenyan), which point at a place without naming it")
	if err := parse(fs, e, args); err != nil {
		return err
	}
	if *format == "" {
		*format = "jsonl"
		if e.terminal {
			*format = "table"
		}
	}
	if *format != "table" && *format != "jsonl" {
		return fmt.Errorf("unknown format %q (want table or jsonl): %w", *format, errUsage)
	}
	st := e.stack()
	g, err := st.Gazetteer()
	if err != nil {
		return err
	}
	p, err := st.Places()
	if err != nil {
		return err
	}
	var tw *geoparse.TableWriter
	if *format == "table" {
		tw = geoparse.NewTableWriter(e.stdout)
	}
	enc := json.NewEncoder(e.stdout)
	err = readDocuments(ctx, e, st, fs.Args(), func(d document.Document) error {
		for _, m := range p.Parse(text.Analyze(d.Text)) {
			if m.Demonym && !*demonyms {
				continue
			}
			r := geoparse.Describe(g, d.ID, m)
			if tw == nil {
				if err := enc.Encode(r); err != nil {
					return err
				}
				continue
			}
			if err := tw.Write(r); err != nil {
				return err
			}
		}
		return nil
	})
	if tw != nil {
		if ferr := tw.Close(); err == nil {
			err = ferr
		}
	}
	return err
}
