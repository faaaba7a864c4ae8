package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

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
	var tw *tabwriter.Writer
	if *format == "table" {
		tw = tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "DOC\tSPAN\tTEXT\tPLACE\tKIND\tCOUNTRY\tADMIN1\tLAT\tLON\tPREC\tCUE")
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
			printPlace(tw, r)
		}
		return nil
	})
	if tw != nil {
		if ferr := tw.Flush(); err == nil {
			err = ferr
		}
	}
	return err
}

func printPlace(w io.Writer, r geoparse.Record) {
	place, lat, lon := "?", "", ""
	if r.Latitude != nil {
		place = r.Place
		if !r.Resolved {
			place = "in " + place
		}
		lat, lon = fmt.Sprintf("%.4f", *r.Latitude), fmt.Sprintf("%.4f", *r.Longitude)
	}
	fmt.Fprintf(w, "%s\t%d-%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", r.DocID, r.Start, r.End, r.Name, place, r.Kind, r.Country, r.Admin1, lat, lon, r.Precision, r.Cue)
}
