package code

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/gazetteer"
)

func TestZZDebug(t *testing.T) {
	txt := os.Getenv("ZZTEXT")
	var pub time.Time
	if id := os.Getenv("ZZDOC"); id != "" {
		b, _ := os.ReadFile("/work/shared/eval/news-dev.jsonl")
		for _, l := range strings.Split(string(b), "\n") {
			var d struct {
				ID, Text  string
				Published *string
			}
			json.Unmarshal([]byte(l), &d)
			if d.ID == id {
				txt = d.Text
				if d.Published != nil {
					pub, _ = time.Parse(time.DateOnly, *d.Published)
				}
			}
		}
	}
	if txt == "" {
		t.Skip()
	}
	x, _ := extract.New(gazetteer.Default(), "")
	c, _ := New(x, "")
	r := x.Extract(extract.Input{ID: "d", Text: txt, Published: pub})
	for i, m := range r.Mentions {
		ag := ""
		if m.Agent != nil {
			ag = m.Agent.Text
		}
		fmt.Printf("M%d s%d p%d %s classes=%v agent=%q trig=%q\n", i, m.Sentence, m.Para, m.Class, m.Classes, ag, r.Doc.Slice(m.Trigger))
	}
	dc := c.cues(r)
	if r.DefaultDateSpan != nil {
		fmt.Printf("DEFAULT %v %q\n", r.DefaultDate, r.Doc.Slice(*r.DefaultDateSpan))
	}
	for i := range r.Doc.Sentences {
		fmt.Printf("S%d cues=%b %q\n", i, dc.sets[i], r.Doc.Text[r.Doc.Sentences[i].Off:r.Doc.Sentences[i].OffEnd])
	}
	if os.Getenv("ZZQUIET") != "" {
		r.Mentions = r.Mentions
	}
	rd := c.ReadResult("d", r)
	for _, e := range rd.Events {
		lat := 0.0
		if e.Latitude != nil {
			lat = *e.Latitude
		}
		fmt.Printf("EV %s | %s %.2f p%d | %s %s | %d | %s / %s | %q\n", e.SubEventType, e.Location, lat, e.GeoPrecision, e.EventDate, e.DateSource, e.Fatalities, e.Actor1, e.Actor2, e.Notes[:min(80, len(e.Notes))])
	}
	for _, l := range rd.LeftOut {
		fmt.Printf("LO %s | %s | %s | %s | %q\n", l.Event.SubEventType, l.Event.Location, l.Event.EventDate, l.Reason, l.Event.Notes[:min(90, len(l.Event.Notes))])
	}
}
