package search

import (
	"fmt"
	"math"

	"github.com/dartsml/godarts/data/dataset"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// batchTensors copies a batch's images into a tensor [Size, H, W, C].
func batchTensors(b *dataset.Batch) *tensors.Tensor {
	flat := append([]float32(nil), b.Images[:b.Size*b.Height*b.Width*b.Channels]...)
	return tensors.FromFlatDataAndDimensions(flat, b.Size, b.Height, b.Width, b.Channels)
}

func batchLabels(b *dataset.Batch) *tensors.Tensor {
	return tensors.FromFlatDataAndDimensions(append([]int32(nil), b.Labels[:b.Size]...), b.Size)
}

// concatImages joins two image sets with the same geometry (for the ablations' union of data).
func concatImages(a, b *dataset.Images) (*dataset.Images, error) {
	if a.Height != b.Height || a.Width != b.Width || a.Channels != b.Channels || a.NumClasses != b.NumClasses {
		return nil, fmt.Errorf("search: cannot join %s and %s: different image geometry or classes", a, b)
	}
	u := *a
	u.Name = a.Name + "+" + b.Name
	u.Pixels = append(append([]float32(nil), a.Pixels...), b.Pixels...)
	u.Labels = append(append([]int32(nil), a.Labels...), b.Labels...)
	return &u, nil
}

// Weights returns softmax(α_normal) and softmax(α_reduce) as [edges][primitives] matrices.
func (s *Searcher) Weights() (normal, reduce [][]float64, err error) {
	n, r := s.Net.Alphas(s.Ctx)
	if normal, err = softmaxRows(n.Value()); err != nil {
		return nil, nil, err
	}
	reduce, err = softmaxRows(r.Value())
	return normal, reduce, err
}

func softmaxRows(t *tensors.Tensor, err error) ([][]float64, error) {
	if err != nil {
		return nil, fmt.Errorf("search: reading α: %w", err)
	}
	dims := t.Shape().Dimensions
	flat := tensors.MustCopyFlatData[float32](t)
	out := make([][]float64, dims[0])
	for i := range out {
		row := flat[i*dims[1] : (i+1)*dims[1]]
		// As the reference: float32 softmax of the logits.
		out[i] = make([]float64, dims[1])
		m := row[0]
		for _, v := range row {
			m = max(m, v)
		}
		var sum float32
		exps := make([]float32, len(row))
		for j, v := range row {
			exps[j] = float32(math.Exp(float64(v - m)))
			sum += exps[j]
		}
		for j := range row {
			out[i][j] = float64(exps[j] / sum)
		}
	}
	return out, nil
}
