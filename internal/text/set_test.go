package text

import (
	"strings"
	"testing"
)

func TestSet(t *testing.T) {
	s := NewSet("was", "were", "been", "", "got")
	for w, want := range map[string]bool{"was": true, "were": true, "got": true, "": false, "wax": false, "w": false,
		"werewolf": false, "Was": false} {
		if got := s.Has(w); got != want {
			t.Errorf("Has(%q) = %v, want %v", w, got, want)
		}
	}
	if s.Len() != 4 || len(s.Words()) != 4 {
		t.Errorf("Len %d, Words %q: want 4", s.Len(), s.Words())
	}
	var added Set
	added.Add("amid")
	if !added.Has("amid") || added.Has("amidst") {
		t.Error("Add on a zero Set")
	}
	var none *Set
	if none.Has("was") || none.Len() != 0 || none.Words() != nil {
		t.Error("a nil Set should be empty")
	}
	// Every word of a large set is found, whatever the filter's collisions.
	var many []string
	for i := 0; i < 2000; i++ {
		many = append(many, strings.Repeat(string(rune('a'+i%26)), 1+i%7)+string(rune('a'+i/26%26)))
	}
	big := NewSet(many...)
	for _, w := range many {
		if !big.Has(w) {
			t.Fatalf("%q missing", w)
		}
	}
}

func BenchmarkSetMiss(b *testing.B) {
	s := NewSet("whereas", "while", "after", "following", "before", "when", "but", "because", "although", "though", "amid", "during", "since", "where", "until")
	words := strings.Fields("Police said three men were killed in an attack on a checkpoint near the town of Kilifi on Monday")
	b.ResetTimer()
	n := 0
	for b.Loop() {
		for _, w := range words {
			if s.Has(w) {
				n++
			}
		}
	}
	_ = n
}
