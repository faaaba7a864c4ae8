package gazetteer

import "math"

// grid buckets populated places by one-degree cell for Nearest.
type grid struct {
	cells map[int32][]Ref
}

func cellOf(lat, lon float64) (int, int) {
	return int(math.Floor(lat)) + 90, int(math.Floor(lon)) + 180
}

func cellKey(y, x int) int32 { return int32(y*360 + (x+360)%360) }

func (g *Gazetteer) grid() *grid {
	g.nearOnce.Do(func() {
		gr := &grid{cells: map[int32][]Ref{}}
		for l, t := range g.layers {
			for i := range t.n {
				if t.kindAt(i)&^approxBit != Populated {
					continue
				}
				y, x := cellOf(float64(t.lat.f32(i)), float64(t.lon.f32(i)))
				c := cellKey(y, x)
				gr.cells[c] = append(gr.cells[c], makeRef(l, i))
			}
		}
		g.near = gr
	})
	return g.near
}

// Nearest returns the populated place nearest to a point and its distance
// in km, searching up to about maxKm away; ok is false when none is that
// close. The first call builds a spatial index (tens of milliseconds).
func (g *Gazetteer) Nearest(lat, lon, maxKm float64) (r Ref, km float64, ok bool) {
	gr := g.grid()
	y0, x0 := cellOf(lat, lon)
	best := math.Inf(1)
	// Places beyond ring d are at least (d-1)*111 km away north-south but
	// closer east-west at high latitudes, where the answer is approximate.
	for d := 0; d <= int(maxKm/111)+1 && d <= 180; d++ {
		if best < float64(d-1)*111 {
			break
		}
		for y := y0 - d; y <= y0+d; y++ {
			if y < 0 || y >= 180 {
				continue
			}
			for x := x0 - d; x <= x0+d; x++ {
				if y != y0-d && y != y0+d && x != x0-d && x != x0+d {
					continue // inside the ring: done already
				}
				for _, ref := range gr.cells[cellKey(y, x)] {
					l, i := ref.split()
					t := g.layers[l]
					if dist := Distance(lat, lon, float64(t.lat.f32(i)), float64(t.lon.f32(i))); dist < best {
						best, r = dist, ref
					}
				}
			}
		}
	}
	if best > maxKm {
		return 0, 0, false
	}
	return r, best, true
}
