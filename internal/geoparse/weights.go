package geoparse

import (
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/internal/datafile"
)

//go:embed data/weights.txt
var defaultWeights string

// WeightsFile is the name of a user's weights, in the directory given to
// New; same format as data/weights.txt.
const WeightsFile = "geoparse-weights.txt"

// Weights are the tuning weights of place resolution, each added to a
// candidate place's prior or score; data/weights.txt says what each is for
// and holds the defaults.
type Weights struct {
	// The prior, by what the place is.
	PopulationLog, PopulationOffset           float64 // PopulationLog * log10(population + PopulationOffset)
	Country, Region                           float64 // Region replaces the population term
	Admin1, Admin1Cued, Admin23, Site         float64
	Capital, SeatAdmin1, SeatAdmin2, Section  float64 // populated places by feature code
	Historical                                float64 // PPLH, PPLQ, PPLW
	ByAlt, ByVariant, BySkeleton              float64 // how the name matched
	AdminCueArea, AdminCueSeat, AdminCueOther float64 // the text says "X district"
	SettlementCuePopulated                    float64 // the text says "X village"
	SettlementCueCountry, SettlementCueOther  float64
	ChainArea, HoldsNamed                     float64 // what the text puts in what
	SharedAdmin1Margin                        float64

	// The score, by what the document says.
	InContainer, OutOfContainer    float64
	FocusCountry, OtherCountry     float64 // times the focus weight
	FocusInName, FocusInNameMin    float64
	FocusAdmin1                    float64
	Near1Km, Near1, Near2Km, Near2 float64
	Near3Km, Near3                 float64
	NamedAdmin1, NamedCountry      float64
	SharedAdmin1, SharedAdmin1Max  float64
}

// fields names each weight as data/weights.txt does, by section.
func (w *Weights) fields() map[string]map[string]*float64 {
	return map[string]map[string]*float64{
		"prior": {
			"population-log": &w.PopulationLog, "population-offset": &w.PopulationOffset,
			"country": &w.Country, "region": &w.Region, "admin1": &w.Admin1, "admin1-cued": &w.Admin1Cued,
			"admin2-3": &w.Admin23, "site": &w.Site, "capital": &w.Capital, "seat-admin1": &w.SeatAdmin1,
			"seat-admin2": &w.SeatAdmin2, "section": &w.Section, "historical": &w.Historical,
			"by-alt": &w.ByAlt, "by-variant": &w.ByVariant, "by-skeleton": &w.BySkeleton,
			"admin-cue-area": &w.AdminCueArea, "admin-cue-seat": &w.AdminCueSeat, "admin-cue-other": &w.AdminCueOther,
			"settlement-cue-populated": &w.SettlementCuePopulated, "settlement-cue-country": &w.SettlementCueCountry,
			"settlement-cue-other": &w.SettlementCueOther, "chain-area": &w.ChainArea, "holds-named": &w.HoldsNamed,
			"shared-admin1-margin": &w.SharedAdmin1Margin,
		},
		"score": {
			"in-container": &w.InContainer, "out-of-container": &w.OutOfContainer,
			"focus-country": &w.FocusCountry, "other-country": &w.OtherCountry,
			"focus-inname": &w.FocusInName, "focus-inname-min": &w.FocusInNameMin, "focus-admin1": &w.FocusAdmin1,
			"near1-km": &w.Near1Km, "near1": &w.Near1, "near2-km": &w.Near2Km, "near2": &w.Near2,
			"near3-km": &w.Near3Km, "near3": &w.Near3, "named-admin1": &w.NamedAdmin1, "named-country": &w.NamedCountry,
			"shared-admin1": &w.SharedAdmin1, "shared-admin1-max": &w.SharedAdmin1Max,
		},
	}
}

// loadWeights reads the default weights, then dir's geoparse-weights.txt
// if there is one. The default must set every weight.
func loadWeights(dir string) (*Weights, error) {
	w := &Weights{}
	fields := w.fields()
	set := map[*float64]bool{}
	err := datafile.Read(strings.NewReader(defaultWeights), "data/weights.txt", dir, WeightsFile, func(r io.Reader, source string) error {
		b, err := io.ReadAll(r)
		if err != nil {
			return fmt.Errorf("%s: %w", source, err)
		}
		return readWeights(source, string(b), fields, set)
	})
	if err != nil {
		return nil, err
	}
	for sec, fs := range fields {
		for name, f := range fs {
			if !set[f] {
				return nil, fmt.Errorf("data/weights.txt: [%s] %s is not set", sec, name)
			}
		}
	}
	return w, nil
}

// readWeights sets the weights one file names; source is for messages.
func readWeights(source, data string, fields map[string]map[string]*float64, set map[*float64]bool) error {
	var section map[string]*float64
	secName := ""
	for n, line := range strings.Split(data, "\n") {
		line, _, _ = strings.Cut(line, "#")
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		bad := func(why string) error { return fmt.Errorf("%s:%d: %q: %s", source, n+1, line, why) }
		if line[0] == '[' && line[len(line)-1] == ']' {
			secName = strings.TrimSpace(line[1 : len(line)-1])
			if section = fields[secName]; section == nil {
				return bad("unknown section (want [prior] or [score])")
			}
			continue
		}
		if section == nil {
			return bad("weight before any [section]")
		}
		name, value, ok := strings.Cut(line, "=")
		name = strings.TrimSpace(name)
		f := section[name]
		if !ok || f == nil {
			return bad(fmt.Sprintf("want \"name = value\" with a weight of [%s]", secName))
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || v != v || v > 1e9 || v < -1e9 {
			return bad("want a decimal number")
		}
		*f, set[f] = v, true
	}
	return nil
}
