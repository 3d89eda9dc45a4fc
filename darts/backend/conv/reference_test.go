package conv

// refConv is the naive reference: one loop per index of the definition, no cleverness. It also
// returns Σ|terms| per output element, to scale the comparison tolerance.
func refConv[T float](p *Params, input, kernel []T) (out, absSum []float64) {
	d := len(p.InSpatial)
	outSp := p.OutSpatial()
	groups := p.FeatureGroups * p.BatchGroups
	nOut := p.Batch / p.BatchGroups
	cinK := p.InChannels / p.FeatureGroups // kernel input channels (Cin when batch grouped)
	coutG := p.OutChannels / groups
	numOut, numK := prod(outSp), prod(p.KernelSpatial)
	out = make([]float64, nOut*numOut*p.OutChannels)
	absSum = make([]float64, len(out))
	o := make([]int, d)
	k := make([]int, d)
	for b := 0; b < nOut; b++ {
		for oFlat := 0; oFlat < numOut; oFlat++ {
			unflatten(oFlat, outSp, o)
			for co := 0; co < p.OutChannels; co++ {
				g := co / coutG
				inB := b
				if p.BatchGroups > 1 {
					inB = g*nOut + b
				}
				var sum, abs float64
				for kFlat := 0; kFlat < numK; kFlat++ {
					unflatten(kFlat, p.KernelSpatial, k)
					// Find the input element under tap k, if any.
					idx, inside := inB, true
					for i := 0; i < d; i++ {
						pos := o[i]*p.stride(i) + k[i]*p.kernelDilation(i) - p.padding(i)[0]
						ld := p.inputDilation(i)
						if pos < 0 || pos%ld != 0 || pos/ld >= p.InSpatial[i] {
							inside = false
							break
						}
						idx = idx*p.InSpatial[i] + pos/ld
					}
					if !inside {
						continue
					}
					for ci := 0; ci < cinK; ci++ {
						ch := ci
						if p.FeatureGroups > 1 {
							ch = g*cinK + ci
						}
						x := float64(input[idx*p.InChannels+ch])
						w := float64(kernel[(kFlat*cinK+ci)*p.OutChannels+co])
						sum += x * w
						abs += abs64(x * w)
					}
				}
				out[(b*numOut+oFlat)*p.OutChannels+co] = sum
				absSum[(b*numOut+oFlat)*p.OutChannels+co] = abs
			}
		}
	}
	return out, absSum
}

// unflatten writes the row-major multi-index of flat over dims into idx.
func unflatten(flat int, dims, idx []int) {
	for i := len(dims) - 1; i >= 0; i-- {
		idx[i] = flat % dims[i]
		flat /= dims[i]
	}
}

func abs64(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
