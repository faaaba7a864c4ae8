package code_test

import (
	"runtime"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/code/codetest"
	"github.com/sitrep/sitrep/internal/document"
)

// A report pasted twice, or ten thousand times, is one report: its
// deaths are not multiplied, and its reading stays within bounds.
func TestPastedReport(t *testing.T) {
	const para = "A car bomb exploded outside a police station in Kismayo on 4 May 2023, killing 12 people, officials said."
	coder := codetest.Coder(t)
	once := coder.Code(document.Document{ID: "once", Text: para})
	if len(once) != 1 || once[0].Fatalities != 12 {
		t.Fatalf("once: %+v", once)
	}
	for _, n := range []int{2, 10000} {
		var ms0, ms1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms0)
		evs := coder.Code(document.Document{ID: "pasted", Text: strings.Repeat(para+"\n\n", n)})
		runtime.ReadMemStats(&ms1)
		if len(evs) != 1 || evs[0].Fatalities != 12 || evs[0].SubEventType != once[0].SubEventType {
			t.Errorf("pasted %d times: %d events, first %+v", n, len(evs), evs)
		}
		// The text is 1 MB at 10,000 copies; reading it costs a few times
		// that, not a reading per copy.
		// (42 MB measured; 184 MB when every copy was read.)
		if got := ms1.TotalAlloc - ms0.TotalAlloc; got > 100<<20 {
			t.Errorf("pasted %d times: %d MB allocated", n, got>>20)
		}
	}
}

// Two places the gazetteer lacks, in one known county, make one event
// there, not the same event twice (the store refuses a document whose
// event ids repeat).
func TestUnknownPlacesOneEvent(t *testing.T) {
	text := "On 3 May 2021, gunmen attacked a bus between Kuvora and Tessalimo areas of Wajir county, killing four passengers."
	evs := codetest.Coder(t).Code(document.Document{ID: "u", Text: text})
	ids := map[string]bool{}
	for _, e := range evs {
		if ids[e.ID] {
			t.Fatalf("event %s twice: %+v", e.ID, evs)
		}
		ids[e.ID] = true
	}
	if len(evs) != 1 || evs[0].Fatalities != 4 {
		t.Fatalf("%d events: %+v", len(evs), evs)
	}
}
