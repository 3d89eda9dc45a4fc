package vec

// PickGE is one step of a running arg-max that keeps the first of equal values, as XLA's
// SelectAndScatter with select = GE: where pick[i] >= v[i] it keeps pick[i] and tag[i];
// elsewhere (v[i] greater, or either of them NaN) it sets pick[i] = v[i] and tag[i] = t. Fused,
// it reads and writes each element once, where GE and two Wheres made three passes.
func PickGE(pick, tag, v []float32, t float32) {
	checkLen(pick, tag, v)
	done := 0
	if n8 := len(pick) &^ 7; useAsm && n8 > 0 {
		pickGE32(&pick[0], &tag[0], &v[0], n8, t)
		done = n8
	}
	tag, v = tag[:len(pick)], v[:len(pick)]
	for i := done; i < len(pick); i++ {
		if !(pick[i] >= v[i]) {
			pick[i], tag[i] = v[i], t
		}
	}
}

// PickLE is PickGE for a running arg-min (select = LE): it keeps pick[i] and tag[i] where
// pick[i] <= v[i].
func PickLE(pick, tag, v []float32, t float32) {
	checkLen(pick, tag, v)
	done := 0
	if n8 := len(pick) &^ 7; useAsm && n8 > 0 {
		pickLE32(&pick[0], &tag[0], &v[0], n8, t)
		done = n8
	}
	tag, v = tag[:len(pick)], v[:len(pick)]
	for i := done; i < len(pick); i++ {
		if !(pick[i] <= v[i]) {
			pick[i], tag[i] = v[i], t
		}
	}
}
