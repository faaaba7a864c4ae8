package main

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/sitrep/sitrep/internal/code"
	"io"
	"runtime"
	"strings"
	"text/tabwriter"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
)

func runExtract(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "extract", "[FILE...]")
	format := fs.String("format", "", "output format: table, jsonl, json, csv or geojson (default: table on a terminal, else jsonl)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format == "" {
		*format = "jsonl"
		if e.terminal {
			*format = "table"
		}
	}
	w, err := eventWriter(*format, e.stdout)
	if err != nil {
		return err
	}
	coder, err := newCoder(e)
	if err != nil {
		return err
	}
	err = codeAll(ctx, e, fs.Args(), coder, func(evs []event.Event) error {
		for i := range evs {
			if err := w.Write(&evs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	return err
}

// eventSink writes events in one format.
type eventSink interface {
	Write(*event.Event) error
	Close() error
}

func eventWriter(format string, out io.Writer) (eventSink, error) {
	switch format {
	case "jsonl":
		return event.NewJSONLWriter(out), nil
	case "csv":
		return event.NewCSVWriter(out), nil
	case "geojson":
		return event.NewGeoJSONWriter(out), nil
	case "json":
		return &jsonArray{w: out}, nil
	case "table":
		return &table{w: tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want table, jsonl, json, csv or geojson): %w", format, errUsage)
}

// codeAll reads every document in paths and codes them on all cores,
// handing each document's events to fn in input order.
func codeAll(ctx context.Context, e *env, paths []string, coder *code.Coder, fn func([]event.Event) error) error {
	type job struct {
		doc document.Document
		out chan []event.Event
	}
	jobs := make(chan job, 64)
	results := make(chan chan []event.Event, 64)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range runtime.GOMAXPROCS(0) {
		go func() {
			for j := range jobs {
				j.out <- coder.Code(j.doc)
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		defer close(jobs)
		defer close(results)
		readErr <- readDocuments(ctx, e, paths, func(d document.Document) error {
			out := make(chan []event.Event, 1)
			select {
			case results <- out:
			case <-ctx.Done():
				return ctx.Err()
			}
			jobs <- job{d, out}
			return nil
		})
	}()
	var err error
	for out := range results {
		evs := <-out
		if err == nil {
			if err = fn(evs); err != nil {
				cancel()
			}
		}
	}
	if rerr := <-readErr; err == nil {
		err = rerr
	}
	return err
}

type jsonArray struct {
	w io.Writer
	n int
}

func (j *jsonArray) Write(ev *event.Event) error {
	b, err := json.MarshalIndent(ev, "  ", "  ")
	if err != nil {
		return err
	}
	sep := "[\n  "
	if j.n > 0 {
		sep = ",\n  "
	}
	j.n++
	_, err = fmt.Fprintf(j.w, "%s%s", sep, b)
	return err
}

func (j *jsonArray) Close() error {
	if j.n == 0 {
		_, err := io.WriteString(j.w, "[]\n")
		return err
	}
	_, err := io.WriteString(j.w, "\n]\n")
	return err
}

// table prints events for people: one line each.
type table struct {
	w *tabwriter.Writer
	n int
}

func (t *table) Write(ev *event.Event) error {
	if t.n == 0 {
		fmt.Fprintln(t.w, "DATE\tTYPE\tACTOR 1\tACTOR 2\tLOCATION\tKILLED\tCLAIM")
	}
	t.n++
	date := ev.EventDate
	if date == "" {
		date = "?"
	}
	if ev.TimePrecision > 1 {
		date += fmt.Sprintf(" ±%d", ev.TimePrecision)
	}
	killed := fmt.Sprint(ev.FatalitiesLow)
	if ev.FatalitiesHigh == nil {
		killed += "+"
	} else if *ev.FatalitiesHigh != ev.FatalitiesLow {
		killed += fmt.Sprintf("-%d", *ev.FatalitiesHigh)
	}
	var parts []string
	for _, p := range []string{ev.Location, ev.Admin1, ev.Country} {
		if p != "" && (len(parts) == 0 || parts[len(parts)-1] != p) {
			parts = append(parts, p)
		}
	}
	loc := strings.Join(parts, ", ")
	claim := ev.Claim.Status
	if ev.Claim.Hedged {
		claim += ", hedged"
	}
	if ev.Claim.Source != "" {
		claim += " (" + ev.Claim.Source + ")"
	}
	_, err := fmt.Fprintf(t.w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", date, ev.SubEventType, short(ev.Actor1), short(ev.Actor2), loc, killed, claim)
	return err
}

func short(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return strings.TrimSpace(s)
}

func (t *table) Close() error {
	if t.n == 0 {
		fmt.Fprintln(t.w, "no events found")
	}
	return t.w.Flush()
}
