package geoparse

import "github.com/sitrep/sitrep/internal/gazetteer"

// Record describes a place mention for output: the eval README's "Place
// output" and what else a mention says (`sitrep places`).
type Record struct {
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

// Describe describes a mention of document docID. An area is located at
// its centre, as gazetteers and the geoparsing gold do (event coding uses
// its seat instead); an unresolved mention at its container's, when known.
func Describe(g *gazetteer.Gazetteer, docID string, m Mention) Record {
	r := Record{DocID: docID, Start: m.Span.Start, End: m.Span.End, Name: m.Text, Kind: m.Kind.String(),
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
	lat, lon, _ := Where(g, m)
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
