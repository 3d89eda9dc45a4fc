package viz

import (
	"fmt"
	"slices"
)

// A cell is laid out as graphviz's dot lays out a DAG left to right (Sugiyama's method): every
// node gets a layer (a column), an edge that skips layers gets a lane (a placeholder item) in
// each layer it passes, and the items of each layer are ordered to keep crossings few. Lanes
// make the layout two-dimensional: a chain of nodes with edges jumping over it spreads out above
// and below the chain instead of collapsing onto one line.

// cellItem is one entry of a layer: a node, or the lane of an edge passing through.
type cellItem struct {
	node int // index into the spec's nodes; -1 for a lane
	edge int // the edge of a lane; -1 for a node
}

// cellPlan is a cell's layers and their order, independent of sizes.
type cellPlan struct {
	spec  cellSpec
	layer []int        // per node
	order [][]cellItem // per layer, top to bottom
	// alts are orders to try when order leaves a label no clear place, order first, by crossings.
	alts [][][]cellItem
}

func nodeItem(i int) cellItem { return cellItem{node: i, edge: -1} }
func laneItem(e int) cellItem { return cellItem{node: -1, edge: e} }

// planCell assigns layers and orders them.
func planCell(spec cellSpec) (*cellPlan, error) {
	layer, err := assignLayers(spec)
	if err != nil {
		return nil, err
	}
	p := &cellPlan{spec: spec, layer: layer, order: make([][]cellItem, slices.Max(layer)+1)}
	for i := range spec.nodes {
		p.order[layer[i]] = append(p.order[layer[i]], nodeItem(i))
	}
	for k, e := range spec.edges {
		for l := layer[e.From] + 1; l < layer[e.To]; l++ {
			p.order[l] = append(p.order[l], laneItem(k))
		}
	}
	p.reduceCrossings()
	return p, nil
}

// assignLayers puts each node one layer right of its deepest predecessor (the inputs in layer
// 0) and the output alone in the last layer, as graphviz's left-to-right ranking does.
func assignLayers(spec cellSpec) ([]int, error) {
	layer := make([]int, len(spec.nodes))
	out := -1
	for i, n := range spec.nodes {
		if n.Kind == NodeOutput {
			out = i
		}
	}
	// Edges always go from a lower to a higher node index, so one pass in index order suffices.
	for i := range spec.nodes {
		for _, e := range spec.edges {
			if e.To != i {
				continue
			}
			if e.From >= e.To {
				return nil, fmt.Errorf("viz: %s: edge from node %d to node %d goes backwards", spec.title, e.From, e.To)
			}
			layer[i] = max(layer[i], layer[e.From]+1)
		}
	}
	last := 0
	for i, l := range layer {
		if i != out {
			last = max(last, l)
		}
	}
	if out >= 0 {
		layer[out] = last + 1
	}
	return layer, nil
}

// neighbours returns the items of layer l±1 that item it (in layer l) connects to: dir −1 for
// predecessors, +1 for successors.
func (p *cellPlan) neighbours(it cellItem, l, dir int) []cellItem {
	var out []cellItem
	link := func(k int) {
		e := p.spec.edges[k]
		other := e.From
		if dir > 0 {
			other = e.To
		}
		if p.layer[other] == l+dir {
			out = append(out, nodeItem(other))
		} else {
			out = append(out, laneItem(k))
		}
	}
	if it.node < 0 {
		link(it.edge)
		return out
	}
	for k, e := range p.spec.edges {
		if (dir < 0 && e.To == it.node) || (dir > 0 && e.From == it.node) {
			link(k)
		}
	}
	return out
}

// reduceCrossings sorts each layer by the barycentre of its neighbours, sweeping right then
// left a few times, and keeps the order with the fewest crossings. The inputs keep their order
// (c_{k-2} above c_{k-1}).
func (p *cellPlan) reduceCrossings() {
	pos := map[cellItem]float64{}
	setPos := func() {
		for _, items := range p.order {
			for k, it := range items {
				pos[it] = (float64(k) + 0.5) / float64(len(items))
			}
		}
	}
	sortLayer := func(l, dir int) {
		bary := map[cellItem]float64{}
		for _, it := range p.order[l] {
			nb := p.neighbours(it, l, dir)
			bary[it] = pos[it]
			if len(nb) > 0 {
				sum := 0.0
				for _, o := range nb {
					sum += pos[o]
				}
				bary[it] = sum / float64(len(nb))
			}
		}
		slices.SortStableFunc(p.order[l], func(a, b cellItem) int {
			switch {
			case bary[a] < bary[b]-1e-9:
				return -1
			case bary[a] > bary[b]+1e-9:
				return 1
			}
			return 0
		})
		setPos()
	}
	setPos()
	type seen struct {
		order     [][]cellItem
		crossings int
	}
	var orders []seen // every order met, in the order met
	keep := func() {
		for _, o := range orders {
			if sameOrder(o.order, p.order) {
				return
			}
		}
		orders = append(orders, seen{cloneOrder(p.order), p.crossings()})
	}
	// The order used: the first with the fewest crossings among those at the end of a sweep.
	best, bestOrder := p.crossings(), cloneOrder(p.order)
	keep()
	last := len(p.order) - 1
	for range 6 {
		for l := 1; l <= last; l++ {
			sortLayer(l, -1)
			keep()
		}
		for l := last - 1; l >= 1; l-- {
			sortLayer(l, +1)
			keep()
		}
		if c := p.crossings(); c < best {
			best, bestOrder = c, cloneOrder(p.order)
		}
	}
	p.order = bestOrder
	// Alternatives met on the way, fewest crossings first.
	slices.SortStableFunc(orders, func(a, b seen) int { return a.crossings - b.crossings })
	p.alts = [][][]cellItem{bestOrder}
	for _, o := range orders {
		if len(p.alts) < cellOrderAlts && o.crossings <= best+cellOrderSlack && !sameOrder(o.order, bestOrder) {
			p.alts = append(p.alts, o.order)
		}
	}
}

// cellOrderAlts orders at most, each with at most cellOrderSlack crossings more than the fewest,
// are kept for the layout to try when the best order leaves a label no clear place.
const (
	cellOrderAlts  = 4
	cellOrderSlack = 2
)

func sameOrder(a, b [][]cellItem) bool {
	for l := range a {
		if !slices.Equal(a[l], b[l]) {
			return false
		}
	}
	return true
}

func cloneOrder(o [][]cellItem) [][]cellItem {
	out := make([][]cellItem, len(o))
	for i := range o {
		out[i] = slices.Clone(o[i])
	}
	return out
}

// crossings counts pairs of connections between consecutive layers that cross.
func (p *cellPlan) crossings() int {
	n := 0
	for l := 0; l+1 < len(p.order); l++ {
		idx := map[cellItem]int{}
		for k, it := range p.order[l+1] {
			idx[it] = k
		}
		type link struct{ a, b int }
		var links []link
		for k, it := range p.order[l] {
			for _, o := range p.neighbours(it, l, +1) {
				links = append(links, link{k, idx[o]})
			}
		}
		for i := range links {
			for j := i + 1; j < len(links); j++ {
				if (links[i].a-links[j].a)*(links[i].b-links[j].b) < 0 {
					n++
				}
			}
		}
	}
	return n
}
