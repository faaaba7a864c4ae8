package event

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Writer writes events in one format.
type Writer interface {
	Write(*Event) error
	Close() error
}

// Formats are the formats NewWriter knows, the console table first.
var Formats = []string{"table", "jsonl", "json", "csv", "geojson"}

// ErrFormat is returned, wrapped, for a format NewWriter does not know.
var ErrFormat = errors.New("unknown format")

// NewWriter returns a writer of format to w.
func NewWriter(format string, w io.Writer) (Writer, error) {
	switch format {
	case "jsonl":
		return NewJSONLWriter(w), nil
	case "csv":
		return NewCSVWriter(w), nil
	case "geojson":
		return NewGeoJSONWriter(w), nil
	case "json":
		return NewJSONWriter(w), nil
	case "table":
		return NewTableWriter(w), nil
	}
	return nil, fmt.Errorf("%w %q (want %s)", ErrFormat, format, strings.Join(Formats, ", "))
}
