package store

import (
	"context"
	"slices"
	"testing"

	"github.com/sitrep/sitrep/internal/fuse"
)

// TestRecentAsSQL asks the writer's index of recent candidates and the
// SQL the same questions, for the events of one stream over a store of
// another: Near (whole and within a ring), Twins and Event must give the
// same events, in the same order, with the same incidents and links.
func TestRecentAsSQL(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	s.recent.loadAfter = 1 << 30 // the store is filled by the SQL alone
	docs := genStream(4, 400)
	for i := 0; i < len(docs); i += 40 {
		if _, err := s.PutDocuments(ctx, docs[i:i+40]); err != nil {
			t.Fatal(err)
		}
	}
	probes := genStream(5, 200)
	s.recent.loadAfter = 1
	asked, found := 0, 0
	err := s.write(ctx, true, func(w *writer) error {
		for d, doc := range probes {
			for k := range doc.Events {
				e := &doc.Events[k]
				for _, via := range []struct {
					doc, self int64
					km        float64
				}{{int64(-1 - d), 0, 0}, {int64(-1 - d), 0, 1}, {int64(1 + d%50), int64(1 + d%300), 0}} {
					f := fusing{w: w, doc: via.doc, self: via.self}
					w.recent = nil
					want, err := f.near(e, via.km)
					if err != nil {
						return err
					}
					w.recent = s.recent
					got, ok, err := s.recent.near(w, e, via.doc, via.self, via.km)
					if err != nil {
						return err
					}
					if !ok {
						t.Fatalf("the index did not answer for %s", e.ID)
					}
					if !slices.EqualFunc(got, want, sameStored) {
						t.Fatalf("near %s (doc %d, self %d, within %g km): index %v\nSQL %v", e.ID, via.doc, via.self, via.km, refs(got), refs(want))
					}
					// The index hands fusion the keys it keeps (the SQL none):
					// they must be what fusion would compute.
					for _, c := range got {
						if c.Key == nil || *c.Key != fuse.KeyOf(&c.Event) {
							t.Fatalf("near %s: event %d given without its key, or another's", e.ID, c.Ref)
						}
					}
					asked++
					found += len(got)
					w.recent = nil
					wantTwins := collect(t, f.Twins(ctx, e))
					w.recent = s.recent
					if got := collect(t, f.Twins(ctx, e)); !slices.EqualFunc(got, wantTwins, sameStored) {
						t.Fatalf("twins %s: index %v\nSQL %v", e.ID, refs(got), refs(wantTwins))
					}
					for _, c := range want {
						w.recent = nil
						a, err := f.Event(ctx, c.Ref)
						if err != nil {
							return err
						}
						w.recent = s.recent
						b, err := f.Event(ctx, c.Ref)
						if err != nil {
							return err
						}
						if !sameStored(a, b) {
							t.Fatalf("event %d: index %+v\nSQL %+v", c.Ref, b, a)
						}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 10*asked {
		t.Fatalf("%d candidates for %d questions: the stream tests little", found, asked)
	}
}

// TestRecentOtherWriter: a commit by another connection (a second
// process) empties the index, so fusion never reads a stale one.
func TestRecentOtherWriter(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	s.recent.loadAfter = 1
	docs := genStream(6, 60)
	if _, err := s.PutDocuments(ctx, docs[:30]); err != nil {
		t.Fatal(err)
	}
	if s.recent.size == 0 {
		t.Fatal("the index holds nothing")
	}
	other, err := Open(ctx, s.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.PutDocuments(ctx, docs[30:45]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutDocuments(ctx, docs[45:]); err != nil {
		t.Fatal(err)
	}
	// Every event must be where the SQL alone puts it: the same stream into
	// a store without the index, in the same batches.
	ref := open(t)
	ref.recent.loadAfter = 1 << 30
	for _, b := range [][]Doc{docs[:30], docs[30:45], docs[45:]} {
		if _, err := ref.PutDocuments(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := fusionState(t, s), fusionState(t, ref); got != want {
		t.Fatalf("fused with another writer between:\n%s\nwithout the index:\n%s", got, want)
	}
}

func sameStored(a, b fuse.Stored) bool {
	ea, eb := a.Event, b.Event
	return a.Ref == b.Ref && a.Incident == b.Incident && a.Link == b.Link && ea.ID == eb.ID && ea.EventType == eb.EventType &&
		ea.SubEventType == eb.SubEventType && ea.EventDate == eb.EventDate && ea.TimePrecision == eb.TimePrecision &&
		ea.Published == eb.Published && samePtr(ea.Latitude, eb.Latitude) && samePtr(ea.Longitude, eb.Longitude) &&
		ea.GeoPrecision == eb.GeoPrecision && ea.Country == eb.Country && ea.Location == eb.Location && ea.Actor1 == eb.Actor1 &&
		ea.AssocActor1 == eb.AssocActor1 && ea.Inter1 == eb.Inter1 && ea.Actor2 == eb.Actor2 && ea.AssocActor2 == eb.AssocActor2 &&
		ea.Inter2 == eb.Inter2 && ea.DocID == eb.DocID
}

func samePtr(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func refs(l []fuse.Stored) []int64 {
	out := make([]int64, len(l))
	for i, c := range l {
		out[i] = c.Ref
	}
	return out
}

func collect(t *testing.T, seq func(func(fuse.Stored, error) bool)) []fuse.Stored {
	var out []fuse.Stored
	for c, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}
