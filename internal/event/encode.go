package event

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// JSONLWriter writes events one JSON object a line.
type JSONLWriter struct{ enc *json.Encoder }

func NewJSONLWriter(w io.Writer) *JSONLWriter {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &JSONLWriter{enc}
}

func (w *JSONLWriter) Write(e *Event) error { return w.enc.Encode(e) }
func (w *JSONLWriter) Close() error         { return nil }

// ACLEDColumns are the columns of ACLED's own export, in its order: a CSV
// of sitrep's can stand in for one of ACLED's.
var ACLEDColumns = []string{
	"event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
	"actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
	"iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
	"source", "source_scale", "notes", "fatalities", "tags", "timestamp",
}

// CSVColumns are ACLED's columns, then sitrep's own.
var CSVColumns = append(slices.Clip(ACLEDColumns),
	"doc_id", "incident_id", "fatalities_low", "fatalities_high", "claim_source", "claim_status", "hedged", "url", "evidence")

// CSVWriter writes events as CSV rows in CSVColumns, the header first,
// also when there are no events. Integer columns are never blank: 0
// stands for none, as in ACLED's files (inter2 of an event without a
// second actor, the timestamp of an event not stored). What sitrep cannot
// know of ACLED's columns (admin3, source_scale, tags) is left blank.
type CSVWriter struct {
	w      *csv.Writer
	header bool
}

func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{w: csv.NewWriter(w)} }

func (w *CSVWriter) writeHeader() error {
	if w.header {
		return nil
	}
	w.header = true
	return w.w.Write(CSVColumns)
}

func (w *CSVWriter) Write(e *Event) error {
	if err := w.writeHeader(); err != nil {
		return err
	}
	year := 0
	if len(e.EventDate) >= 4 {
		year, _ = strconv.Atoi(e.EventDate[:4])
	}
	var ev []string
	for _, s := range e.Evidence {
		ev = append(ev, fmt.Sprintf("%d-%d", s.Start, s.End))
	}
	civ := ""
	if e.Inter2 == InterCivilians {
		civ = "Civilian targeting"
	}
	source := e.Outlet
	if e.Claim.Source != "" {
		source = strings.TrimPrefix(source+"; "+e.Claim.Source, "; ")
	}
	c := countryOf(e.CountryCode)
	itoa := strconv.Itoa
	return w.w.Write([]string{
		e.ID, e.EventDate, itoa(year), itoa(e.TimePrecision), DisorderType(e.EventType, e.SubEventType), string(e.EventType), string(e.SubEventType),
		e.Actor1, e.AssocActor1, itoa(e.Inter1), e.Actor2, e.AssocActor2, itoa(e.Inter2), itoa(Interaction(e.Inter1, e.Inter2)), civ,
		itoa(c.iso), c.region, e.Country, e.Admin1, e.Admin2, "", e.Location, ftoa(e.Latitude), ftoa(e.Longitude), itoa(e.GeoPrecision),
		source, "", e.Notes, itoa(e.Fatalities), "", strconv.FormatInt(e.Timestamp, 10),
		e.DocID, strconv.FormatInt(e.Incident, 10), itoa(e.FatalitiesLow), itoaPtr(e.FatalitiesHigh), e.Claim.Source, e.Claim.Status, strconv.FormatBool(e.Claim.Hedged), e.URL, strings.Join(ev, " "),
	})
}

// Close writes the header if no event was written, and flushes.
func (w *CSVWriter) Close() error {
	if err := w.writeHeader(); err != nil {
		return err
	}
	w.w.Flush()
	return w.w.Error()
}

// GeoJSONWriter streams events as a GeoJSON FeatureCollection of points;
// events without coordinates are left out, as GeoJSON has no place for them.
type GeoJSONWriter struct {
	w     io.Writer
	n     int
	begun bool
}

func NewGeoJSONWriter(w io.Writer) *GeoJSONWriter { return &GeoJSONWriter{w: w} }

func (w *GeoJSONWriter) Write(e *Event) error {
	if !w.begun {
		w.begun = true
		if _, err := io.WriteString(w.w, `{"type":"FeatureCollection","features":[`); err != nil {
			return err
		}
	}
	if e.Latitude == nil || e.Longitude == nil {
		return nil
	}
	props, err := json.Marshal(e)
	if err != nil {
		return err
	}
	sep := ""
	if w.n > 0 {
		sep = ","
	}
	w.n++
	_, err = fmt.Fprintf(w.w, "%s\n{\"type\":\"Feature\",\"id\":%q,\"geometry\":{\"type\":\"Point\",\"coordinates\":[%s,%s]},\"properties\":%s}",
		sep, e.ID, ftoa(e.Longitude), ftoa(e.Latitude), props)
	return err
}

func (w *GeoJSONWriter) Close() error {
	if !w.begun {
		_, err := io.WriteString(w.w, `{"type":"FeatureCollection","features":[]}`+"\n")
		return err
	}
	_, err := io.WriteString(w.w, "\n]}\n")
	return err
}

// DisorderType is ACLED's disorder type of an event type and sub-type.
func DisorderType(eventType Type, subType SubType) string {
	switch {
	case subType == ExcessiveForce:
		return "Political violence; Demonstrations"
	case subType == MobViolence:
		return "Political violence"
	case eventType == Protests || eventType == Riots:
		return "Demonstrations"
	case eventType == Strategic:
		return "Strategic developments"
	case eventType == "":
		return ""
	}
	return "Political violence"
}

// Interaction is ACLED's two-digit interaction code: the two actor types,
// lower first; a sole actor's type followed by 0.
func Interaction(inter1, inter2 int) int {
	if inter1 == 0 {
		return 0
	}
	if inter2 == 0 {
		return inter1 * 10
	}
	if inter2 < inter1 {
		inter1, inter2 = inter2, inter1
	}
	return inter1*10 + inter2
}

func itoaPtr(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func ftoa(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', 4, 64)
}

// JSONWriter writes events as one indented JSON array.
type JSONWriter struct {
	w io.Writer
	n int
}

// NewJSONWriter returns a writer of a JSON array to w; Close ends it.
func NewJSONWriter(w io.Writer) *JSONWriter { return &JSONWriter{w: w} }

func (j *JSONWriter) Write(e *Event) error {
	b, err := json.MarshalIndent(e, "  ", "  ")
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

func (j *JSONWriter) Close() error {
	if j.n == 0 {
		_, err := io.WriteString(j.w, "[]\n")
		return err
	}
	_, err := io.WriteString(j.w, "\n]\n")
	return err
}
