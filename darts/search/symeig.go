package search

import "math"

// symmetricEigen returns the eigenvalues of a small symmetric matrix and their unit eigenvectors
// (vectors[i] belongs to values[i]), by cyclic Jacobi rotations: each rotation zeroes one
// off-diagonal pair, the sweeps converge quadratically, and the result is accurate to rounding
// of the matrix's norm. It is for Lanczos's k×k tridiagonal (k a few dozen at most), where its
// O(k³) per sweep is nothing next to one Hessian-vector product; a takes no harm.
func symmetricEigen(a [][]float64) (values []float64, vectors [][]float64) {
	n := len(a)
	m := make([][]float64, n)
	v := make([][]float64, n) // accumulated rotations: column j is eigenvector j
	norm := 0.0
	for i := range a {
		m[i] = append([]float64(nil), a[i]...)
		v[i] = make([]float64, n)
		v[i][i] = 1
		for _, x := range a[i] {
			norm += x * x
		}
	}
	for sweep := 0; sweep < 100; sweep++ {
		off := 0.0
		for p := 0; p < n; p++ {
			for q := p + 1; q < n; q++ {
				off += m[p][q] * m[p][q]
			}
		}
		if off <= 1e-30*norm {
			break
		}
		for p := 0; p < n; p++ {
			for q := p + 1; q < n; q++ {
				if m[p][q] == 0 {
					continue
				}
				// The rotation by θ with tan 2θ = 2m_pq/(m_qq − m_pp), through its smaller root t.
				theta := (m[q][q] - m[p][p]) / (2 * m[p][q])
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for k := 0; k < n; k++ {
					mkp, mkq := m[k][p], m[k][q]
					m[k][p], m[k][q] = c*mkp-s*mkq, s*mkp+c*mkq
				}
				for k := 0; k < n; k++ {
					mpk, mqk := m[p][k], m[q][k]
					m[p][k], m[q][k] = c*mpk-s*mqk, s*mpk+c*mqk
				}
				for k := 0; k < n; k++ {
					vkp, vkq := v[k][p], v[k][q]
					v[k][p], v[k][q] = c*vkp-s*vkq, s*vkp+c*vkq
				}
			}
		}
	}
	values = make([]float64, n)
	vectors = make([][]float64, n)
	for j := range values {
		values[j] = m[j][j]
		vectors[j] = make([]float64, n)
		for k := range vectors[j] {
			vectors[j][k] = v[k][j]
		}
	}
	return values, vectors
}
