package event

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestNewWriter(t *testing.T) {
	for _, f := range Formats {
		var b bytes.Buffer
		w, err := NewWriter(f, &b)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		lat, lon := 35.93, 36.63
		ev := Event{ID: "SYR1", DocID: "d1", SubEventType: AirDroneStrike, Location: "Idlib", Latitude: &lat, Longitude: &lon}
		if err := w.Write(&ev); err != nil {
			t.Fatalf("%s: write: %v", f, err)
		}
		if err := w.Close(); err != nil {
			t.Fatalf("%s: close: %v", f, err)
		}
		if !strings.Contains(b.String(), "Idlib") {
			t.Errorf("%s: the event's place is not in the output:\n%s", f, b.String())
		}
	}
	if _, err := NewWriter("xml", new(bytes.Buffer)); !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), `"xml"`) {
		t.Errorf("NewWriter(xml): %v; want ErrFormat naming the format", err)
	}
}
