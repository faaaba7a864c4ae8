package evaluate

import (
	"testing"

	"github.com/sitrep/sitrep/internal/text"
)

func TestScoreSpans(t *testing.T) {
	var s LocationScore
	scoreSpans(&s, nil, nil)                                                       // no location, none predicted: a hit
	scoreSpans(&s, []span{{Start: 5, End: 10}}, []text.Span{{Start: 7, End: 12}})  // overlap: hit
	scoreSpans(&s, []span{{Start: 5, End: 10}}, []text.Span{{Start: 20, End: 25}}) // miss and false alarm
	scoreSpans(&s, nil, []text.Span{{Start: 1, End: 2}})                           // false alarm
	scoreSpans(&s, []span{{Start: 1, End: 2}, {Start: 4, End: 6}}, nil)            // two misses
	if s.TP != 2 || s.FP != 2 || s.FN != 3 {
		t.Fatalf("TP %d FP %d FN %d, want 2 2 3", s.TP, s.FP, s.FN)
	}
}

func TestCutsWord(t *testing.T) {
	const txt = "Gunmen was seen in Kabul."
	for _, c := range []struct {
		g    span
		want bool
	}{
		{span{Start: 19, End: 24}, false}, // Kabul
		{span{Start: 7, End: 8}, true},    // the w of was
		{span{Start: 8, End: 10}, true},   // as
		{span{Start: 19, End: 99}, true},  // past the end
	} {
		if got := cutsWord(txt, []span{c.g}); got != c.want {
			t.Errorf("%+v: got %v", c.g, got)
		}
	}
}
