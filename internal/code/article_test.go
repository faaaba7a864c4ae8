package code

import "testing"

// Every class of article.txt fits a cueSet.
func TestCueSetHoldsEveryClass(t *testing.T) {
	var all cueSet
	for c := range numArticleCues {
		all |= 1 << c
		if !all.has(c) {
			t.Fatalf("class %s (%d) does not fit a cueSet", articleCueNames[c], c)
		}
	}
}
