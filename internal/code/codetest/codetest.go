// Package codetest gives tests a ready coder, as net/http/httptest gives
// them a server: the embedded gazetteer and word lists only (none of the
// user's), built once per test binary.
package codetest

import (
	"sync"
	"testing"

	"github.com/sitrep/sitrep/internal/code"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/gazetteer"
)

// Coder returns the shared coder.
func Coder(tb testing.TB) *code.Coder {
	tb.Helper()
	c, err := coder()
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

var coder = sync.OnceValues(func() (*code.Coder, error) {
	x, err := extract.New(gazetteer.Default(), "")
	if err != nil {
		return nil, err
	}
	return code.New(x, "")
})
