package codetest

import (
	"testing"

	"github.com/sitrep/sitrep/internal/document"
)

func TestCoder(t *testing.T) {
	a, b := Coder(t), Coder(t)
	if a != b {
		t.Fatal("the coder is built twice")
	}
	evs := a.Code(document.Document{ID: "t", Text: "On 2 May 2021, gunmen shot dead a teacher in Kandahar."})
	if len(evs) != 1 || evs[0].Location != "Kandahar" {
		t.Fatalf("%+v", evs)
	}
}
