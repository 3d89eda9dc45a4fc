package dataset

import (
	"fmt"
	"slices"
)

// SearchSplit divides a training set into the two halves DARTS searches on: the first trains the
// network weights, the second (the "validation" half) the architecture parameters. portion is the
// fraction that goes to the first half (0.5 in the paper).
//
// The split is a seeded permutation of all indices cut at floor(portion·N): the first part is the
// weight half, the rest the architecture half. Each half then keeps its images in their original
// file order (the indices are sorted), so the split is a pure function of (N, portion, seed) and
// the Batcher's own shuffle decides the visiting order.
//
// The reference train_search.py cuts the unshuffled index list instead (indices[:split] and
// indices[split:]) and lets a SubsetRandomSampler shuffle within each half. CIFAR-10's files are
// already in random order, so both give a random half; the seeded permutation keeps that true for
// data sets stored in some order (sorted by class, as an image-folder reader produces, or the
// CIFAR subset under shared/data whose classes are interleaved in a fixed cycle). SplitInOrder
// reproduces the reference cut exactly.
func SearchSplit(d *Images, portion float64, seed uint64) (weights, arch *Images, err error) {
	cut, err := splitPoint(d, portion)
	if err != nil {
		return nil, nil, err
	}
	perm := make([]int, d.Len())
	r := NewRNG(derive(seed, 0x5e11, 0))
	r.Perm(perm)
	a, b := perm[:cut], perm[cut:]
	slices.Sort(a)
	slices.Sort(b)
	return d.Subset(d.Name+"/search-train", a), d.Subset(d.Name+"/search-valid", b), nil
}

// SplitInOrder is the reference cut: the first floor(portion·N) images and the rest, unshuffled.
func SplitInOrder(d *Images, portion float64) (weights, arch *Images, err error) {
	cut, err := splitPoint(d, portion)
	if err != nil {
		return nil, nil, err
	}
	a, b := make([]int, cut), make([]int, d.Len()-cut)
	for i := range a {
		a[i] = i
	}
	for i := range b {
		b[i] = cut + i
	}
	return d.Subset(d.Name+"/search-train", a), d.Subset(d.Name+"/search-valid", b), nil
}

func splitPoint(d *Images, portion float64) (int, error) {
	if !(portion > 0 && portion < 1) {
		return 0, fmt.Errorf("dataset: %s: split portion %v outside (0,1)", d.Name, portion)
	}
	cut := int(portion * float64(d.Len()))
	if cut == 0 || cut == d.Len() {
		return 0, fmt.Errorf("dataset: %s: split portion %v of %d images leaves an empty half", d.Name, portion, d.Len())
	}
	return cut, nil
}
