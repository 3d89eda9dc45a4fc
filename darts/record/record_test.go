package record

import (
	"strings"
	"testing"
)

func TestCellAndSummary(t *testing.T) {
	a := Alphas{Epoch: 2, Normal: [][]float64{{0.5, 0.5}}, Reduce: [][]float64{{0.25, 0.75}}}
	if r, err := a.Cell("reduce"); err != nil || r[0][1] != 0.75 {
		t.Errorf("Cell(reduce) = %v, %v", r, err)
	}
	if _, err := a.Cell("stem"); err == nil || !strings.Contains(err.Error(), `"stem"`) {
		t.Errorf("Cell(stem): %v", err)
	}
	e := SearchEpoch{Epoch: 2, LR: 0.01, TrainLoss: 2.25, TrainAcc: 0.15, ValLoss: 2.5, ValAcc: 0.2, Seconds: 6}
	if got, want := e.Summary(6), "epoch 3/6: lr 0.0100  train loss 2.2500 acc 15.0%  α-step loss -  eval loss 2.5000 acc 20.0%  6.0s"; got != want {
		t.Errorf("Summary\n got %q\nwant %q", got, want)
	}
	l := 0.6354
	e.HessianEigenvalue, e.HessianProducts, e.HessianSeconds, e.NormalSkips = &l, 8, 7.84, 1
	if got, want := e.Summary(6), "epoch 3/6: lr 0.0100  train loss 2.2500 acc 15.0%  α-step loss -  eval loss 2.5000 acc 20.0%  6.0s  λ_max 0.635 (8 products, 7.8s)  normal skips 1"; got != want {
		t.Errorf("Summary with the eigenvalue\n got %q\nwant %q", got, want)
	}
}

func TestMinus(t *testing.T) {
	p := CellPair{Normal: [][]float64{{3, 1}}, Reduce: [][]float64{{0, 2}}}
	q := CellPair{Normal: [][]float64{{1, 1}}, Reduce: [][]float64{{1, -1}}}
	d := p.Minus(q)
	if d.Normal[0][0] != 2 || d.Normal[0][1] != 0 || d.Reduce[0][0] != -1 || d.Reduce[0][1] != 3 {
		t.Errorf("Minus = %+v", d)
	}
}
