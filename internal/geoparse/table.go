package geoparse

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// TableWriter writes place records as an aligned table for a terminal.
type TableWriter struct{ tw *tabwriter.Writer }

// NewTableWriter writes the table's header to w.
func NewTableWriter(w io.Writer) *TableWriter {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DOC\tSPAN\tTEXT\tPLACE\tKIND\tCOUNTRY\tADMIN1\tLAT\tLON\tPREC\tCUE")
	return &TableWriter{tw}
}

// Write writes one record; a place found only as a container reads "in X",
// one not found at all "?".
func (t *TableWriter) Write(r Record) error {
	place, lat, lon := "?", "", ""
	if r.Latitude != nil {
		place = r.Place
		if !r.Resolved {
			place = "in " + place
		}
		lat, lon = fmt.Sprintf("%.4f", *r.Latitude), fmt.Sprintf("%.4f", *r.Longitude)
	}
	_, err := fmt.Fprintf(t.tw, "%s\t%d-%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", r.DocID, r.Start, r.End, r.Name, place, r.Kind, r.Country, r.Admin1, lat, lon, r.Precision, r.Cue)
	return err
}

// Close flushes the table.
func (t *TableWriter) Close() error { return t.tw.Flush() }
