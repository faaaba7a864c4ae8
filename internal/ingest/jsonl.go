package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// jsonDoc is one JSON Lines document. Unknown fields are ignored; null
// reads as "".
type jsonDoc struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	HTML      string `json:"html"`
	Published string `json:"published"`
	URL       string `json:"url"`
	Outlet    string `json:"outlet"`
	Author    string `json:"author"`
	Title     string `json:"title"`
}

// readJSONL yields one record per line of br. A line that is not a
// document is reported and skipped; an over-long one is skipped without
// being held in memory.
func readJSONL(ctx context.Context, name string, br *bufio.Reader, opt *Options, fn func(Record) error) error {
	var buf []byte
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, tooLong, err := readLine(br, buf[:0], opt.maxRecord())
		buf = line
		if err != nil && err != io.EOF {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
		source := name + ":" + strconv.Itoa(n)
		if tooLong {
			opt.skip(fmt.Errorf("%s: %w (%d bytes)", source, ErrTooLarge, opt.maxRecord()))
		} else if line = bytes.TrimSpace(bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))); len(line) > 0 {
			rec, perr := parseDoc(line)
			if perr != nil {
				opt.skip(fmt.Errorf("%s: %w", source, perr))
			} else {
				rec.Source = source
				if err := opt.yield(fn, rec); err != nil {
					return err
				}
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// readLine appends the next line of br, without its end, to buf. A line
// longer than max is read to its end but not kept: tooLong tells.
func readLine(br *bufio.Reader, buf []byte, max int64) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if err == nil {
			chunk = chunk[:len(chunk)-1]
		}
		if !tooLong {
			if int64(len(buf)+len(chunk)) > max {
				tooLong, buf = true, buf[:0]
			} else {
				buf = append(buf, chunk...)
			}
		}
		if err != bufio.ErrBufferFull {
			return buf, tooLong, err
		}
	}
}

// parseDoc makes a record of one JSON document.
func parseDoc(line []byte) (Record, error) {
	if line[0] != '{' {
		return Record{}, errors.New("not a JSON object")
	}
	var d jsonDoc
	if err := json.Unmarshal(line, &d); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			if te.Field == "" {
				return Record{}, errors.New("not a JSON object")
			}
			return Record{}, fmt.Errorf("field %q is a JSON %s, want a string", te.Field, te.Value)
		}
		return Record{}, fmt.Errorf("bad JSON: %w", err)
	}
	r := Record{ID: d.ID, URL: d.URL, Outlet: d.Outlet, Author: d.Author, Title: d.Title, Published: d.Published}
	switch {
	case d.Text != "":
		// Prefer text to HTML: someone already took the page apart.
		r.Kind, r.Body = Text, []byte(d.Text)
	case d.HTML != "":
		r.Kind, r.Body = HTML, []byte(d.HTML)
	default:
		return Record{}, errors.New(`no "text" or "html"`)
	}
	return r, nil
}
