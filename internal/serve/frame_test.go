package serve

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestPointsFrame pins the frame sent with the points (X-Points-Frame) to
// what web/src/main.js's fitTo computes from the points themselves: every
// point under 50, else the 2nd and 98th percentiles, by index
// floor(f * (n - 1)) of the sorted values.
func TestPointsFrame(t *testing.T) {
	if got := pointsFrame(nil, nil); got != "" {
		t.Errorf("no points: %q, want none", got)
	}
	if got, want := pointsFrame([]float32{30.5, -2.25, 10}, []float32{1, 50.125, -7}), "-2.25,-7,30.5,50.125"; got != want {
		t.Errorf("3 points: %q, want %q", got, want)
	}
	// 100 points: lon i - 50 and lat 40 - i/4, shuffled, and one stray far
	// off, which the percentiles leave out.
	r := rand.New(rand.NewPCG(3, 4))
	lon, lat := make([]float32, 0, 101), make([]float32, 0, 101)
	for _, i := range r.Perm(100) {
		lon = append(lon, float32(i-50))
		lat = append(lat, 40-float32(i)/4)
	}
	lon, lat = append(lon, 170), append(lat, -80)
	// n = 101: indexes floor(0.02 * 100) = 2 and floor(0.98 * 100) = 98 of
	// lon [-50 .. 49, 170] and lat [-80, 15.25 .. 40].
	if got, want := pointsFrame(lon, lat), "-48,15.5,48,39.5"; got != want {
		t.Errorf("101 points: %q, want %q", got, want)
	}
	if f := pointsFrame([]float32{0.1}, []float32{0.2}); strings.Contains(f, "0000") {
		t.Errorf("float32 0.1 written as %q: want its shortest form", f)
	}
}
