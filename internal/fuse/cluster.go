package fuse

import (
	"cmp"
	"slices"

	"github.com/sitrep/sitrep/internal/event"
)

// Cluster groups events into incidents all at once: the connected
// components of Compatible among precise events, each vague event joining
// the component of its closest compatible precise event. Each group lists
// event indexes in increasing order; groups are ordered by their first
// index.
func Cluster(events []event.Event) [][]int {
	keys := make([]key, len(events))
	order := make([]int, 0, len(events))
	for i := range events {
		keys[i] = keyOf(&events[i])
		if keys[i].dated {
			order = append(order, i)
		}
	}
	// Sweep in date order: an event can only match those whose interval
	// starts before its own ends.
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(keys[a].first, keys[b].first) })
	parent := make([]int, len(events))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(i, j int) {
		ri, rj := find(i), find(j)
		if ri != rj {
			parent[max(ri, rj)] = min(ri, rj)
		}
	}
	best := make([]int, len(events)) // a vague event's closest precise match
	for i := range best {
		best[i] = -1
	}
	offer := func(v, p int) {
		if b := best[v]; b < 0 || keys[v].closer(&keys[p], &keys[b], events[p].ID, events[b].ID) {
			best[v] = p
		}
	}
	for n, i := range order {
		for _, j := range order[n+1:] {
			if keys[j].first > keys[i].last {
				break
			}
			vi, vj := keys[i].vague, keys[j].vague
			if !keys[i].compatible(&keys[j]) {
				continue
			}
			switch {
			case vi && vj:
				if Twins(&events[i], &events[j]) {
					union(i, j)
				}
			case vi:
				offer(i, j)
			case vj:
				offer(j, i)
			default:
				union(i, j)
			}
		}
	}
	for v, p := range best {
		if p >= 0 {
			union(v, p)
		}
	}
	groups := map[int][]int{}
	var roots []int
	for i := range events {
		r := find(i)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], i)
	}
	out := make([][]int, len(roots))
	for n, r := range roots {
		out[n] = groups[r]
	}
	return out
}
