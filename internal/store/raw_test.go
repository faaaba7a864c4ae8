package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/storetest"
)

// TestRawSameAsDecoded: listings and incident pages written from the
// stored bodies are byte for byte those written from decoded events.
func TestRawSameAsDecoded(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "raw.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.PutDocuments(ctx, storetest.RawDocs("raw")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutDocuments(ctx, storetest.Docs("plain", 3, 60)); err != nil {
		t.Fatal(err)
	}
	storetest.Raw(t, s)
}
