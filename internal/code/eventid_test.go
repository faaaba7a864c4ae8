package code

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/event"
)

// eventIDPlain is eventID as first written, with fmt: the ids stored
// before must stay the ids of the same events.
func eventIDPlain(e *event.Event) string {
	span := ""
	if len(e.Evidence) > 0 {
		span = fmt.Sprint(e.Evidence[0].Start, "-", e.Evidence[0].End)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s", e.DocID, e.SubEventType, e.EventDate, e.Location, e.Actor1, e.Actor2, span)
	return "ev_" + hex.EncodeToString(h.Sum(nil))[:16]
}

func TestEventIDStable(t *testing.T) {
	for _, e := range []*event.Event{
		{},
		{DocID: "d1", SubEventType: event.PeacefulProtest, EventDate: "2024-03-15", Location: "Dunmere", Actor1: "Protesters (Kovra)"},
		{DocID: "d2", SubEventType: "Armed clash", Location: "Qaryat al-Ḥamrāʼ", Actor1: "Militia", Actor2: "Military Forces", Evidence: []event.Span{{Start: 12, End: 345}}},
		{DocID: strings.Repeat("long-id-", 60), Location: strings.Repeat("x", 300), Evidence: []event.Span{{Start: 0, End: 0}, {Start: 5, End: 9}}},
	} {
		if got, want := eventID(e), eventIDPlain(e); got != want {
			t.Errorf("eventID(%+v) = %s, want %s", e, got, want)
		}
	}
}

func BenchmarkEventID(b *testing.B) {
	e := &event.Event{DocID: "report-0042", SubEventType: "Armed clash", EventDate: "2024-05-02", Location: "Dunmere", Actor1: "Militia", Actor2: "Military Forces", Evidence: []event.Span{{Start: 120, End: 188}}}
	for b.Loop() {
		eventID(e)
	}
}
