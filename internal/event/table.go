package event

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// TableWriter writes events for people at a terminal: one aligned line each.
type TableWriter struct {
	w *tabwriter.Writer
	n int
}

// NewTableWriter returns a table writer to w; Close flushes it.
func NewTableWriter(w io.Writer) *TableWriter {
	return &TableWriter{w: tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)}
}

func (t *TableWriter) Write(ev *Event) error {
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
	claim := ev.Claim.Status
	if ev.Claim.Hedged {
		claim += ", hedged"
	}
	if ev.Claim.Source != "" {
		claim += " (" + ev.Claim.Source + ")"
	}
	_, err := fmt.Fprintf(t.w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", date, ev.SubEventType, short(ev.Actor1), short(ev.Actor2), strings.Join(parts, ", "), killed, claim)
	return err
}

func short(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return strings.TrimSpace(s)
}

func (t *TableWriter) Close() error {
	if t.n == 0 {
		fmt.Fprintln(t.w, "no events found")
	}
	return t.w.Flush()
}
