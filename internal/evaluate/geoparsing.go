package evaluate

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/sitrep/sitrep/internal/gazetteer"
)

// PlacePrediction is one predicted place mention: a span of code points
// and, when resolved, where the place is.
type PlacePrediction struct {
	Start, End int
	Name       string
	Latitude   *float64
	Longitude  *float64
}

// GeoResult is a geoparsing score on one gold file (README "Geoparsing"):
// a predicted mention overlapping a gold toponym is a hit.
type GeoResult struct {
	File      string
	Docs      int
	Gold      int // gold toponyms
	Predicted int // predicted mentions
	TruePred  int // predicted mentions overlapping a gold toponym
	Found     int // gold toponyms overlapped by a prediction
	Precision float64
	Recall    float64
	F1        float64
	Within161 int     // found toponyms whose prediction lies within 161 km
	Acc161    float64 // Within161 / Found
}

func (r GeoResult) String() string {
	return fmt.Sprintf("%s: %d docs, %d gold toponyms, %d predicted: P %.3f R %.3f F1 %.3f acc161 %.3f",
		r.File, r.Docs, r.Gold, r.Predicted, r.Precision, r.Recall, r.F1, r.Acc161)
}

type geoDoc struct {
	ID       string `json:"id"`
	Text     string `json:"text"`
	Toponyms []struct {
		Start int     `json:"start"`
		End   int     `json:"end"`
		Name  string  `json:"name"`
		Lat   float64 `json:"lat"`
		Lon   float64 `json:"lon"`
	} `json:"toponyms"`
}

// ScoreGeoparsing scores find on a geoparsing gold file
// (../shared/eval/geoparsing/{lgl,geowebnews,geovirus}.jsonl). Overlap,
// not equality, makes a hit, which also absorbs the files whose offsets are
// shifted by one. On each found toponym, the overlapping prediction that
// lies nearest counts for acc161; an unresolved prediction is no hit there.
func ScoreGeoparsing(ctx context.Context, path string, find func(id, text string) []PlacePrediction) (GeoResult, error) {
	res := GeoResult{File: path}
	f, err := os.Open(path)
	if err != nil {
		return res, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		var d geoDoc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return res, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		res.Docs++
		pred := find(d.ID, d.Text)
		res.Gold += len(d.Toponyms)
		res.Predicted += len(pred)
		for _, p := range pred {
			for _, g := range d.Toponyms {
				if overlaps(p.Start, p.End, g.Start, g.End) {
					res.TruePred++
					break
				}
			}
		}
		for _, g := range d.Toponyms {
			found, near := false, false
			for _, p := range pred {
				if !overlaps(p.Start, p.End, g.Start, g.End) {
					continue
				}
				found = true
				if p.Latitude != nil && p.Longitude != nil && Haversine(g.Lat, g.Lon, *p.Latitude, *p.Longitude) <= 161 {
					near = true
				}
			}
			if found {
				res.Found++
			}
			if near {
				res.Within161++
			}
		}
	}
	if err := sc.Err(); err != nil {
		return res, fmt.Errorf("%s: %w", path, err)
	}
	res.Precision = ratio(res.TruePred, res.Predicted)
	res.Recall = ratio(res.Found, res.Gold)
	if res.Precision+res.Recall > 0 {
		res.F1 = 2 * res.Precision * res.Recall / (res.Precision + res.Recall)
	}
	res.Acc161 = ratio(res.Within161, res.Found)
	return res, nil
}

func overlaps(s1, e1, s2, e2 int) bool { return s1 < e2 && s2 < e1 }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// ACLEDPlaceResult measures place recognition on ACLED event notes,
// against each coded event's location.
type ACLEDPlaceResult struct {
	File   string
	Docs   int
	Events int // gold events with coordinates
	// Within25 counts events whose location is within 25 km of one of the
	// document's resolved mentions.
	Within25 int
	Loc25    float64
	// FirstWithin25 counts events whose location is within 25 km of the
	// document's first prediction (the caller orders them: its choice of
	// location first).
	FirstWithin25 int
	First25       float64
	// Admin1Right counts events whose admin-1 region is that of the first
	// prediction, both judged as the README judges admin1_acc: by the
	// admin-1 region of the GeoNames populated place nearest each point.
	Admin1Right int
	Admin1      float64
	// Named counts events whose note names their location (its name, or
	// the part after "City - ", occurs in the text): the share a geoparser
	// can find at all. The ratios above restricted to them follow.
	Named                    int
	NamedLoc25, NamedFirst25 float64
	NamedAdmin1              float64
}

func (r ACLEDPlaceResult) String() string {
	return fmt.Sprintf("%s: %d docs, %d events: location among mentions (25 km) %.3f, first mention (25 km) %.3f, admin1 of first %.3f; "+
		"on the %d events whose note names the location: %.3f, %.3f, %.3f",
		r.File, r.Docs, r.Events, r.Loc25, r.First25, r.Admin1, r.Named, r.NamedLoc25, r.NamedFirst25, r.NamedAdmin1)
}

// ScoreACLEDPlaces runs find on each note of an ACLED gold file
// (../shared/eval/acled-dev.jsonl) and scores its predictions against the
// events' locations. g finds the populated place nearest a point.
func ScoreACLEDPlaces(ctx context.Context, path string, g *gazetteer.Gazetteer, find func(id, text string) []PlacePrediction) (ACLEDPlaceResult, error) {
	res := ACLEDPlaceResult{File: path}
	docs, err := ReadGold(path)
	if err != nil {
		return res, err
	}
	admin1 := func(lat, lon float64) string {
		r, _, ok := g.Nearest(lat, lon, 200)
		if !ok {
			return ""
		}
		p := g.Place(r)
		return p.Country + "." + p.Admin1
	}
	var nWithin, nFirst, nA1 int // among named events
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		res.Docs++
		pred := find(d.ID, d.Text)
		var first *PlacePrediction
		for i := range pred {
			if pred[i].Latitude != nil {
				first = &pred[i]
				break
			}
		}
		firstA1 := ""
		if first != nil {
			firstA1 = admin1(*first.Latitude, *first.Longitude)
		}
		lower := strings.ToLower(d.Text)
		for _, e := range d.Events {
			if e.Latitude == nil || e.Longitude == nil {
				continue
			}
			res.Events++
			loc := strings.ToLower(e.Location)
			if _, after, ok := strings.Cut(loc, " - "); ok {
				loc = after
			}
			named := loc != "" && strings.Contains(lower, loc)
			if named {
				res.Named++
			}
			within, firstIn, a1 := false, false, false
			for _, p := range pred {
				if p.Latitude != nil && Haversine(*e.Latitude, *e.Longitude, *p.Latitude, *p.Longitude) <= 25 {
					within = true
					break
				}
			}
			if first != nil && Haversine(*e.Latitude, *e.Longitude, *first.Latitude, *first.Longitude) <= 25 {
				firstIn = true
			}
			if firstA1 != "" && firstA1 == admin1(*e.Latitude, *e.Longitude) {
				a1 = true
			}
			for _, c := range []struct {
				ok       bool
				all, nmd *int
			}{{within, &res.Within25, &nWithin}, {firstIn, &res.FirstWithin25, &nFirst}, {a1, &res.Admin1Right, &nA1}} {
				if c.ok {
					*c.all++
					if named {
						*c.nmd++
					}
				}
			}
		}
	}
	res.Loc25 = ratio(res.Within25, res.Events)
	res.First25 = ratio(res.FirstWithin25, res.Events)
	res.Admin1 = ratio(res.Admin1Right, res.Events)
	res.NamedLoc25, res.NamedFirst25, res.NamedAdmin1 = ratio(nWithin, res.Named), ratio(nFirst, res.Named), ratio(nA1, res.Named)
	return res, nil
}
