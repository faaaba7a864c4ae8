package event

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/gazetteer"
)

func TestDebugMentions(t *testing.T) {
	ids := os.Getenv("DEBUG_IDS")
	if ids == "" {
		t.Skip()
	}
	want := map[string]bool{}
	for _, id := range strings.Split(ids, ",") {
		want[id] = true
	}
	x, err := extract.New(gazetteer.Default(), "")
	if err != nil {
		t.Fatal(err)
	}
	c := NewCoder(x)
	f, _ := os.Open("../../../shared/eval/acled-dev.jsonl")
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var d struct{ ID, Text string }
		json.Unmarshal(sc.Bytes(), &d)
		if !want[d.ID] {
			continue
		}
		r := x.Extract(extract.Input{Text: d.Text})
		fmt.Printf("## %s %s\n", d.ID, d.Text[:min(len(d.Text), 300)])
		for _, m := range r.Mentions {
			fmt.Printf("  S%d %s {%v} trig=%q agent=%v patient=%v victim=%v places=%v killed=%v\n", m.Sentence, m.Class, m.Classes,
				r.Doc.Slice(m.Trigger), ref(m.Agent), ref(m.Patient), ref(m.Victim), m.Places, m.Killed)
		}
		for _, e := range c.CodeResult(d.ID, r) {
			fmt.Printf("  => %s | %s | %s | %s %d\n", e.SubEventType, e.Actor1, e.Actor2, e.Location, e.Fatalities)
		}
	}
}

func ref(a *extract.ActorRef) string {
	if a == nil {
		return "-"
	}
	n := "?"
	if a.Entry != nil {
		n = a.Entry.Name
	}
	return fmt.Sprintf("%q[%s,%s]", a.Text, n, a.Country)
}
