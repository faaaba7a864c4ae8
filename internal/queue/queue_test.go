package queue

import (
	"bytes"
	"context"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/ingest"
	"github.com/sitrep/sitrep/internal/natstest"
)

func open(t *testing.T) *Queue {
	t.Helper()
	ns := natstest.New(t)
	q, err := Open(context.Background(), ns.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	return q
}

// A record comes out as it went in; published twice, it is there once;
// acknowledged, it is gone. A record too large for the server is refused
// with its name.
func TestRecords(t *testing.T) {
	ctx := context.Background()
	q := open(t)
	pub := q.Publisher()
	rec := ingest.Record{Source: "crawl.warc#r1", Kind: ingest.HTML, Body: []byte("<p>Shelling in Ariha\non Monday.</p>"), ID: "r1",
		URL: "https://news.example/1", Outlet: "Wire", Author: "A. Writer", Title: "Ariha\nshelled", Published: "2024-03-04", Charset: "utf-8", Fetched: "2024-03-05T10:00:00Z"}
	for range 2 {
		if err := pub.Record(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := pub.Poll(ctx, Poll{URL: "https://feeds.example/a.xml"}); err != nil {
		t.Fatal(err)
	}
	big := make([]byte, 12<<20) // random: does not compress
	rand.Read(big)
	err := pub.Record(ctx, ingest.Record{Source: "huge.html", Body: big})
	if err == nil || !strings.Contains(err.Error(), "huge.html") || !strings.Contains(err.Error(), "max_payload") {
		t.Errorf("a record over the server's limit: %v", err)
	}
	if err := pub.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := q.Pending(ctx); n != 2 || err != nil {
		t.Fatalf("%d messages in the stream (%v), want the record once and the poll", n, err)
	}
	cons, err := q.Consumer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := cons.Fetch(ctx, 10, time.Second, func(err error) { t.Error(err) })
	if err != nil || len(msgs) != 2 {
		t.Fatalf("fetched %d, %v", len(msgs), err)
	}
	got := msgs[0].Record
	if got == nil || got.Source != rec.Source || got.Kind != rec.Kind || !bytes.Equal(got.Body, rec.Body) || got.Title != rec.Title ||
		got.Fetched != rec.Fetched || got.Charset != rec.Charset || msgs[0].Seq != 1 || msgs[0].Delivered != 1 {
		t.Errorf("record %+v, seq %d", got, msgs[0].Seq)
	}
	if p := msgs[1].Poll; p == nil || p.URL != "https://feeds.example/a.xml" {
		t.Errorf("poll %+v", msgs[1].Poll)
	}
	for i := range msgs {
		msgs[i].Ack()
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if n, _ := q.Pending(ctx); n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("acknowledged messages stay in the stream")
		}
	}
}

// FuzzDecodeRecord: whatever a message holds, decoding it gives a record
// or an error, and a record encoded comes back whole.
func FuzzDecodeRecord(f *testing.F) {
	q := &Queue{}
	if err := q.codecs(); err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("x"), "src", "body")
	f.Fuzz(func(t *testing.T, data []byte, source, body string) {
		q.decodeRecord(data)
		m, err := q.encodeRecord(ingest.Record{Source: source, Body: []byte(body)})
		if err != nil {
			t.Fatal(err)
		}
		rec, err := q.decodeRecord(m.Data)
		if err != nil || rec.Source != source || string(rec.Body) != body {
			t.Fatalf("%q %q: %+v, %v", source, body, rec, err)
		}
	})
}
