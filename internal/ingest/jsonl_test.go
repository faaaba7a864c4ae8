package ingest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"strings"
	"testing"
)

func TestJSONL(t *testing.T) {
	input := strings.Join([]string{
		"\xef\xbb\xbf" + `{"id":"a","text":"Clashes in Idlib.","published":"2020-02-11","url":"http://x/a","outlet":"X","author":"Y","title":"T"}`,
		`{"id":"b","html":"<p>Shelling.</p>","published":null}`,
		`{"id":"c","text":`,                      // malformed
		`{"id":"d","published":"2020-02-11"}`,    // neither text nor html
		`{"id":"e","text":"x","published":2020}`, // wrong type
		`["not","an","object"]`,                  // not an object
		``,                                       // blank: not a record
		`{"id":"f","text":"both","html":"<p>h</p>","events":[{"x":1}]}` + "\r", // CRLF; unknown field
		`{"id":"g","text":"no newline at the end"}`,
	}, "\n")
	recs, errs, err := collect(t, "docs.jsonl", []byte(input), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Record{
		{Source: "docs.jsonl:1", Kind: Text, Body: []byte("Clashes in Idlib."), ID: "a", URL: "http://x/a", Outlet: "X", Author: "Y", Title: "T", Published: "2020-02-11"},
		{Source: "docs.jsonl:2", Kind: HTML, Body: []byte("<p>Shelling.</p>"), ID: "b"},
		{Source: "docs.jsonl:8", Kind: Text, Body: []byte("both"), ID: "f"},
		{Source: "docs.jsonl:9", Kind: Text, Body: []byte("no newline at the end"), ID: "g"},
	}
	if len(recs) != len(want) {
		t.Fatalf("got %d records, want %d: %+v", len(recs), len(want), recs)
	}
	for i := range want {
		if !equalRecord(recs[i], want[i]) {
			t.Errorf("record %d = %+v, want %+v", i, recs[i], want[i])
		}
	}
	wantErrs := []string{
		"docs.jsonl:3: bad JSON",
		`docs.jsonl:4: no "text" or "html"`,
		`docs.jsonl:5: field "published" is a JSON number, want a string`,
		"docs.jsonl:6: not a JSON object",
	}
	if len(errs) != len(wantErrs) {
		t.Fatalf("errors = %q, want %q", errs, wantErrs)
	}
	for i, w := range wantErrs {
		if !strings.HasPrefix(errs[i], w) {
			t.Errorf("error %d = %q, want prefix %q", i, errs[i], w)
		}
	}
}

func equalRecord(a, b Record) bool {
	return bytes.Equal(a.Body, b.Body) && a.Source == b.Source && a.Kind == b.Kind && a.ID == b.ID && a.URL == b.URL &&
		a.Outlet == b.Outlet && a.Author == b.Author && a.Title == b.Title && a.Published == b.Published &&
		a.Charset == b.Charset && a.Fetched == b.Fetched
}

func TestJSONLHugeLine(t *testing.T) {
	const max = 1000
	huge := `{"id":"big","text":"` + strings.Repeat("x", 50*max) + `"}`
	exact := `{"text":"` + strings.Repeat("y", max-11) + `"}` // exactly max bytes
	for _, gz := range []bool{false, true} {
		input := []byte(`{"id":"1","text":"before"}` + "\n" + huge + "\n" + exact + "\n" + `{"id":"2","text":"after"}` + "\n")
		if gz {
			var b bytes.Buffer
			zw := gzip.NewWriter(&b)
			zw.Write(input)
			zw.Close()
			input = b.Bytes()
		}
		var st Stats
		recs, errs, err := collect(t, "big.jsonl", input, Options{MaxRecord: max, Stats: &st})
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 3 || recs[0].ID != "1" || len(recs[1].Body) != max-11 || recs[2].ID != "2" || recs[2].Source != "big.jsonl:4" {
			t.Fatalf("gz=%v: records %+v", gz, recs)
		}
		if len(errs) != 1 || !strings.HasPrefix(errs[0], "big.jsonl:2: ") {
			t.Errorf("gz=%v: errors %q", gz, errs)
		}
		if st.Records.Load() != 3 || st.Skipped.Load() != 1 || st.Bytes.Load() != int64(len(input)) {
			t.Errorf("gz=%v: stats records=%d skipped=%d bytes=%d (input %d)", gz, st.Records.Load(), st.Skipped.Load(), st.Bytes.Load(), len(input))
		}
	}
}

func TestJSONLTruncatedGzip(t *testing.T) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	for range 2000 {
		zw.Write([]byte(`{"text":"Shelling was reported in the south of the province on Tuesday."}` + "\n"))
	}
	zw.Close()
	data := b.Bytes()[:b.Len()/2]
	recs, _, err := collect(t, "cut.jsonl.gz", data, Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "cut.jsonl.gz:") {
		t.Fatalf("err = %v, want one naming the file and line", err)
	}
	if len(recs) == 0 {
		t.Fatal("records before the cut were lost")
	}
	for _, r := range recs {
		if !strings.HasSuffix(string(r.Body), "Tuesday.") {
			t.Fatalf("partial record %q came out", r.Body)
		}
	}
}

func TestJSONLStop(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := Read(t.Context(), "d.jsonl", strings.NewReader(`{"text":"a"}`+"\n"+`{"text":"b"}`+"\n"), Options{}, func(Record) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Fatalf("err = %v after %d records, want the callback's error after 1", err, n)
	}
}

func FuzzJSONL(f *testing.F) {
	for _, s := range []string{
		`{"text":"a"}` + "\n" + `{"html":"<p>b</p>","published":null}`,
		`{"text":"a"}` + "\n{\n" + `{"text":1}` + "\n",
		`{"text":"` + strings.Repeat("x", 100) + `"}`,
		`{"text":"a","id":"\u00e9\ud800"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var st Stats
		recs, errs, err := collect(t, "f.jsonl", b, Options{MaxRecord: 64, Stats: &st})
		if err != nil {
			t.Fatal(err) // nothing in memory can fail to read
		}
		if Detect(b) != FormatJSONL {
			return
		}
		lines := bytes.Count(b, []byte("\n")) + 1
		if len(recs)+len(errs) > lines || int(st.Skipped.Load()) != len(errs) || int(st.Records.Load()) != len(recs) {
			t.Fatalf("%d records + %d errors from %d lines", len(recs), len(errs), lines)
		}
		for _, r := range recs {
			if len(r.Body) == 0 || len(r.Body) > 64 || (r.Kind != Text && r.Kind != HTML) {
				t.Fatalf("bad record %+v", r)
			}
		}
	})
}

func BenchmarkJSONL(b *testing.B) {
	var buf bytes.Buffer
	for buf.Len() < 8<<20 {
		buf.WriteString(`{"id":"KEN1","text":"On 31 December 2019, suspected militants attacked a police post near Mandera, killing two officers; the attackers fled towards the border.","published":"2020-01-01","url":"http://example.com/a","outlet":"Example","author":null,"title":"Attack"}` + "\n")
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := Read(b.Context(), "b.jsonl", bytes.NewReader(data), Options{}, func(Record) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
