package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/evaluate"
	"github.com/sitrep/sitrep/internal/gazetteer"
	"github.com/sitrep/sitrep/internal/geoparse"
	"github.com/sitrep/sitrep/internal/text"
)

func runPlaces(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "places", "[FILE...]")
	format := fs.String("format", "", "output format: table or jsonl (default: table on a terminal, else jsonl)")
	demonyms := fs.Bool("demonyms", false, "also print demonyms and adjectives (Syrian, Kenyan), which point at a place without naming it")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format == "" {
		*format = "jsonl"
		if e.terminal {
			*format = "table"
		}
	}
	if *format != "table" && *format != "jsonl" {
		fmt.Fprintf(e.stderr, "sitrep places: unknown format %q\n", *format)
		return errUsage
	}
	g, err := gazetteer.Load(gazetteer.Options{Dir: gazetteer.UserDir(e.getenv)})
	if err != nil {
		return err
	}
	// The lexicon additions live where extract finds its own.
	p, err := geoparse.New(g, geoparse.Options{Dir: lexiconDir(e)})
	if err != nil {
		return err
	}
	var tw *tabwriter.Writer
	if *format == "table" {
		tw = tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "DOC\tSPAN\tTEXT\tPLACE\tKIND\tCOUNTRY\tADMIN1\tLAT\tLON\tPREC\tCUE")
	}
	enc := json.NewEncoder(e.stdout)
	err = readDocuments(ctx, e, fs.Args(), func(d document.Document) error {
		ms := p.Parse(text.Analyze(d.Text))
		for _, m := range ms {
			if m.Demonym && !*demonyms {
				continue
			}
			r := placeRecord(g, d.ID, m)
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

// placeJSON is one line of `sitrep places --format jsonl`: the eval
// README's "Place output" and what else a mention says.
type placeJSON struct {
	DocID     string   `json:"doc_id"`
	Start     int      `json:"start"`
	End       int      `json:"end"`
	Name      string   `json:"name"`
	Latitude  *float64 `json:"latitude"`
	Longitude *float64 `json:"longitude"`
	Country   string   `json:"country"`
	GeonameID int      `json:"geonameid,omitempty"`

	Place     string  `json:"place,omitempty"` // the gazetteer's name of the place (or of its container)
	Kind      string  `json:"kind"`
	Resolved  bool    `json:"resolved"`
	Admin1    string  `json:"admin1,omitempty"`
	Admin2    string  `json:"admin2,omitempty"`
	Precision int     `json:"geo_precision"`
	Demonym   bool    `json:"demonym,omitempty"`
	Near      bool    `json:"near,omitempty"`
	InName    bool    `json:"in_name,omitempty"`
	Actor     bool    `json:"actor,omitempty"` // a country standing for its state: "Russia said"
	Cue       string  `json:"cue,omitempty"`
	In        *int    `json:"in,omitempty"` // index (within the document's mentions) of the mention holding this one
	Conf      float64 `json:"confidence"`
}

// placeRecord describes a mention for output. An area is located at its
// centre, as gazetteers and the geoparsing gold do (event coding uses its
// seat instead); an unresolved mention at its container's, when known.
func placeRecord(g *gazetteer.Gazetteer, docID string, m geoparse.Mention) placeJSON {
	r := placeJSON{DocID: docID, Start: m.Span.Start, End: m.Span.End, Name: m.Text, Kind: m.Kind.String(),
		Resolved: m.Resolved, Precision: m.Precision, Demonym: m.Demonym, Near: m.Near, InName: m.InName, Actor: m.Actor, Cue: m.Cue, Conf: m.Confidence}
	if m.Demonym {
		r.Kind = "demonym"
	}
	if m.In >= 0 {
		in := m.In
		r.In = &in
	}
	if !m.Ref.Valid() {
		return r
	}
	p := g.Place(m.Ref)
	lat, lon, _ := geoparse.Where(g, m)
	r.Latitude, r.Longitude = &lat, &lon
	r.Country, r.Place = p.Country, p.Name
	if m.Resolved {
		r.GeonameID = p.ID
	}
	_, a1, a2 := g.Within(m.Ref)
	if p.Kind == gazetteer.Admin1 {
		a1 = m.Ref
	}
	if a1.Valid() {
		r.Admin1 = g.Place(a1).Name
	}
	if a2.Valid() {
		r.Admin2 = g.Place(a2).Name
	}
	return r
}

func printPlace(w io.Writer, r placeJSON) {
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

// geoparsingFind is what `sitrep eval` scores the geoparsing gold files
// with (evaluate.ScoreGeoparsing): the mentions `sitrep places` prints,
// demonyms left out, an area at its centre.
func geoparsingFind(g *gazetteer.Gazetteer, p *geoparse.Parser) func(id, text string) []evaluate.PlacePrediction {
	return func(_, s string) []evaluate.PlacePrediction {
		var out []evaluate.PlacePrediction
		for _, m := range p.Parse(text.Analyze(s)) {
			if m.Demonym {
				continue
			}
			pp := evaluate.PlacePrediction{Start: m.Span.Start, End: m.Span.End, Name: m.Text}
			if lat, lon, ok := geoparse.Where(g, m); ok {
				pp.Latitude, pp.Longitude = &lat, &lon
			}
			out = append(out, pp)
		}
		return out
	}
}

// acledPlacesFind is what `sitrep eval` scores place recognition on ACLED
// notes with (evaluate.ScoreACLEDPlaces): each mention at the point an
// event there is coded at (an area's seat; an unresolved place at its
// container's), the likeliest event location first: a resolved town or
// area the text puts something in ("in X", "X village"), then an
// unresolved place in a known area, then other towns and areas; countries,
// regions and names inside organisations' names last, demonyms not at all.
func acledPlacesFind(g *gazetteer.Gazetteer, p *geoparse.Parser) func(id, text string) []evaluate.PlacePrediction {
	return func(_, s string) []evaluate.PlacePrediction {
		var tiers [4][]evaluate.PlacePrediction
		for _, m := range p.Parse(text.Analyze(s)) {
			if !m.Ref.Valid() || m.Demonym {
				continue
			}
			pl := g.Place(m.Ref)
			lat, lon := pl.Lat, pl.Lon
			pp := evaluate.PlacePrediction{Start: m.Span.Start, End: m.Span.End, Name: m.Text, Latitude: &lat, Longitude: &lon}
			specific := pl.Kind != gazetteer.Country && pl.Kind != gazetteer.Region && !m.InName
			tier := 3
			switch {
			case specific && m.Resolved && m.Cue != "":
				tier = 0
			case specific && !m.Resolved:
				tier = 1
			case specific:
				tier = 2
			}
			tiers[tier] = append(tiers[tier], pp)
		}
		return append(append(append(tiers[0], tiers[1]...), tiers[2]...), tiers[3]...)
	}
}
