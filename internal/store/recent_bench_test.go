package store

import (
	"context"
	"testing"
)

// BenchmarkRecentNear: one question to the writer's index of recent
// candidates (fusing.Near, as fuse.Add asks it) over a full window of a
// crowded stream, 3,000 documents about 8 places over 40 days: the cost
// per question of a grown store's candidates, without SQLite or coding.
// Reported per question, with the candidates handed out.
func BenchmarkRecentNear(b *testing.B) {
	ctx := context.Background()
	s := open(b)
	s.recent.loadAfter = 1
	docs := genStream(7, 3000)
	for i := 0; i < len(docs); i += 500 {
		if _, err := s.PutDocuments(ctx, docs[i:i+500]); err != nil {
			b.Fatal(err)
		}
	}
	probes := genStream(8, 100)
	found, asked := 0, 0
	err := s.write(ctx, true, func(w *writer) error {
		f := fusing{w: w, doc: -1}
		for b.Loop() {
			for _, d := range probes {
				for k := range d.Events {
					got, err := f.Near(ctx, &d.Events[k])
					if err != nil {
						return err
					}
					found += len(got)
					asked++
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(asked), "ns/question")
	b.ReportMetric(float64(found)/float64(asked), "candidates/question")
}
