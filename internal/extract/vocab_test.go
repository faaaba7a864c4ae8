package extract

import (
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/sitrep/sitrep/internal/gazetteer"
	"github.com/sitrep/sitrep/internal/lexicon"
)

// TestMatchersShareVocab checks that every phrase matcher of the extractor
// and its word lists numbers its words in the extractor's vocabulary: one
// built with a vocabulary of its own still matches, but looks every token
// up in a map of its own (a matcher added that way once cost 5-6 % of
// reading news).
func TestMatchersShareVocab(t *testing.T) {
	x, err := New(gazetteer.Default(), "")
	if err != nil {
		t.Fatal(err)
	}
	type numbers interface{ Numbers(*lexicon.Vocab) bool }
	found := 0
	var walk func(name string, v reflect.Value)
	walk = func(name string, v reflect.Value) {
		for i := range v.NumField() {
			f := v.Field(i)
			fname := name + "." + v.Type().Field(i).Name
			if !strings.HasPrefix(f.Type().String(), "*lexicon.Matcher[") {
				continue
			}
			// An unexported field's methods are out of reflect's reach: read it in place.
			m := reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Interface().(numbers)
			found++
			if !m.Numbers(x.vocab) {
				t.Errorf("%s numbers its words in a vocabulary of its own", fname)
			}
		}
	}
	walk("Extractor", reflect.ValueOf(x).Elem())
	walk("lex", reflect.ValueOf(x.lex).Elem())
	if found < 8 {
		t.Errorf("found %d matchers, want at least the 8 the extractor had when this was written", found)
	}
}
