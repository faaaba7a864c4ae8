package ingest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html/charset"
)

// checkXML tells, as an error naming the line, whether b is one
// well-formed XML document: balanced tags under a single root element.
// It is lenient where feeds often are and gofeed copes (unknown entities,
// bare ampersands, an unclosed tag inside another), and strict where
// gofeed is not: it reads a feed cut short, or one with stray end tags, as
// a feed with fewer items or none, which would pass for a quiet feed. JSON
// feeds pass unchecked.
func checkXML(b []byte) error {
	if gofeed.DetectFeedType(bytes.NewReader(b)) == gofeed.FeedTypeJSON {
		return nil
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		line, _ := d.InputPos()
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				if roots++; roots > 1 {
					return fmt.Errorf("line %d: a second root element <%s>", line, t.Name.Local)
				}
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.Trim(t, " \t\r\n\ufeff")) > 0 {
				return fmt.Errorf("line %d: text outside the root element", line)
			}
		}
	}
	if roots == 0 {
		return errors.New("no XML element")
	}
	return nil
}
