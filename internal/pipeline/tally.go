package pipeline

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/sitrep/sitrep/internal/ingest"
	"github.com/sitrep/sitrep/internal/store"
)

// Tally counts what became of the records of a run. It may be read (String)
// while the run goes on, for progress.
type Tally struct {
	start                 time.Time
	stats                 *ingest.Stats
	total                 int64 // input bytes, when known: for percent and ETA
	skipped0, bytes0      int64 // of stats, when it is shared by runs
	stored, known, events atomic.Int64
	unread, refused       atomic.Int64 // not documents; refused by the store
	storing               atomic.Int64 // nanoseconds spent in the store, for benchmarks
}

// NewTally returns a tally counting reads in stats (nil: a stats of its own).
func NewTally(stats *ingest.Stats) *Tally {
	if stats == nil {
		stats = new(ingest.Stats)
	}
	return &Tally{start: time.Now(), stats: stats, skipped0: stats.Skipped.Load(), bytes0: stats.Bytes.Load()}
}

// Stored counts the documents stored.
func (t *Tally) Stored() int64 { return t.stored.Load() }

// Known counts the documents whose text was already stored.
func (t *Tally) Known() int64 { return t.known.Load() }

// Events counts the events stored.
func (t *Tally) Events() int64 { return t.events.Load() }

// Storing is the time spent in the store.
func (t *Tally) Storing() time.Duration { return time.Duration(t.storing.Load()) }

// Failed counts the records skipped by the reader, holding no document or
// refused by the store.
func (t *Tally) Failed() int64 {
	return t.stats.Skipped.Load() - t.skipped0 + t.unread.Load() + t.refused.Load()
}

func (t *Tally) String() string {
	stored, known, failed := t.stored.Load(), t.known.Load(), t.Failed()
	elapsed := time.Since(t.start)
	secs := elapsed.Seconds()
	read := t.stats.Bytes.Load() - t.bytes0
	s := fmt.Sprintf("%d records: %d stored, %d already stored, %d failed; %d events; %.1f MB read in %.1fs, %.0f docs/s",
		stored+known+failed, stored, known, failed, t.events.Load(), float64(read)/1e6, secs, float64(stored+known+failed)/max(secs, 1e-3))
	return s + progress(read, t.total, elapsed)
}

// progress says how far through a known total a run is, with its ETA.
func progress(done, total int64, elapsed time.Duration) string {
	if total <= 0 || done <= 0 {
		return ""
	}
	frac := min(1, float64(done)/float64(total))
	s := fmt.Sprintf(" — %.0f%% of %.1f MB", 100*frac, float64(total)/1e6)
	if frac < 1 && elapsed > time.Second {
		eta := time.Duration(float64(elapsed) * (1 - frac) / frac)
		s += ", ETA " + eta.Round(time.Second).String()
	}
	return s
}

// Redo counts what reprocessing did.
type Redo struct {
	start                                    time.Time
	total                                    int64 // documents stored, when known
	docs, changedDocs, refused               atomic.Int64
	kept, added, removed, changed, dissolved atomic.Int64
}

// NewRedo returns a count for reprocessing total documents (0: unknown).
func NewRedo(total int) *Redo { return &Redo{start: time.Now(), total: int64(total)} }

// Refused counts the documents left as they were.
func (t *Redo) Refused() int64 { return t.refused.Load() }

func (t *Redo) count(ch store.Changes) {
	t.docs.Add(1)
	if ch.Err != nil {
		t.refused.Add(1)
		return
	}
	t.kept.Add(int64(ch.Unchanged))
	t.added.Add(int64(len(ch.Added)))
	t.removed.Add(int64(len(ch.Removed)))
	t.changed.Add(int64(len(ch.Changed)))
	t.dissolved.Add(int64(ch.Dissolved))
	if len(ch.Added)+len(ch.Removed)+len(ch.Changed) > 0 {
		t.changedDocs.Add(1)
	}
}

func (t *Redo) String() string {
	elapsed := time.Since(t.start)
	secs := elapsed.Seconds()
	s := fmt.Sprintf("%d documents read again, %d changed, %d refused; events: %d kept, %d added, %d removed, %d changed; %d incidents dissolved and fused again; %.1fs, %.0f docs/s",
		t.docs.Load(), t.changedDocs.Load(), t.refused.Load(), t.kept.Load(), t.added.Load(), t.removed.Load(), t.changed.Load(),
		t.dissolved.Load(), secs, float64(t.docs.Load())/max(secs, 1e-3))
	if t.total > 0 {
		done := t.docs.Load()
		frac := min(1, float64(done)/float64(t.total))
		s += fmt.Sprintf(" — %.0f%% of %d", 100*frac, t.total)
		if frac > 0 && frac < 1 && elapsed > time.Second {
			s += ", ETA " + time.Duration(float64(elapsed)*(1-frac)/frac).Round(time.Second).String()
		}
	}
	return s
}
