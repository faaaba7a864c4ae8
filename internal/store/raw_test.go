package store_test

import (
	"bytes"
	"context"
	"encoding/json"
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

// BenchmarkPageJSON writes a page of 100 stored events as the API
// answers it: from the stored bodies (raw), and decoded then encoded
// (decoded, as before RawEvents), in full and with fields=.
func BenchmarkPageJSON(b *testing.B) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(b.TempDir(), "page.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.PutDocuments(ctx, storetest.Docs("bench", 5, 80)); err != nil {
		b.Fatal(err)
	}
	raw, err := s.RawEvents(ctx, store.Filter{}, "", 100)
	if err != nil {
		b.Fatal(err)
	}
	fields := []string{"id", "event_date", "latitude", "longitude", "fatalities"}
	b.Run("raw", func(b *testing.B) {
		for b.Loop() {
			out := make([]byte, 0, 256<<10)
			for i := range raw.Events {
				out = raw.Events[i].AppendJSON(append(out, ','))
			}
		}
	})
	b.Run("decoded", func(b *testing.B) {
		for b.Loop() {
			page, err := store.DecodePage(raw)
			if err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(page.Events); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("raw-fields", func(b *testing.B) {
		for b.Loop() {
			out := make([]byte, 0, 32<<10)
			for i := range raw.Events {
				if out, err = raw.Events[i].AppendFields(append(out, ','), fields); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
