package backend

import (
	"fmt"
	"reflect"
	"unsafe"

	"github.com/gomlx/go-xla/pkg/pjrt"
	"github.com/gomlx/go-xla/pkg/stablehlo"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/xla"
	"github.com/gomlx/gomlx/pkg/core/graph"
)

// XLAGraphOnly is GoMLX's XLA backend without a PJRT plugin: graphs can be built on it (GoMLX
// nodes and their StableHLO program, exactly as for a GPU) but not compiled or run. It measures,
// on any machine, the graph a GPU would receive: `darts bench -graph -for xla`.
//
// GoMLX v0.26.0 creates an XLA backend only from a loaded plugin, and graph building reads just
// three of its fields (a non-nil plugin as the validity check, the capabilities, the device
// count), so they are filled in directly. Compiling fails cleanly (the client has no plugin);
// the StableHLO text is read from the builder afterwards.
type XLAGraphOnly struct {
	*xla.Backend
	last backends.Builder
}

// NewXLAGraphOnly creates the plugin-less XLA backend.
func NewXLAGraphOnly() *XLAGraphOnly {
	b := &xla.Backend{}
	setUnexported(b, "plugin", &pjrt.Plugin{})
	setUnexported(b, "client", &pjrt.Client{})
	setUnexported(b, "capabilities", xla.Capabilities.Clone())
	setUnexported(b, "numDevices", 1)
	return &XLAGraphOnly{Backend: b}
}

// Builder keeps the builder of the last graph, for StableHLO.
func (b *XLAGraphOnly) Builder(name string) backends.Builder {
	b.last = b.Backend.Builder(name)
	return b.last
}

// Finalize drops the fake plugin (xla.Backend.Finalize would try to destroy it).
func (b *XLAGraphOnly) Finalize() { b.last = nil }

// StableHLO finishes g with outputs (as compiling would) and returns its StableHLO program text.
// g must be the last graph built on b; it cannot be used afterwards.
func (b *XLAGraphOnly) StableHLO(g *graph.Graph, outputs ...*graph.Node) (program []byte, err error) {
	func() {
		// Compiling builds the program, then fails at the missing plugin: expected.
		defer func() { _ = recover() }()
		g.Compile(outputs...)
	}()
	if b.last == nil {
		return nil, fmt.Errorf("xla graph only: no graph was built")
	}
	hlo := getUnexported[*stablehlo.Builder](b.last.(*xla.Builder), "builder")
	return hlo.Build()
}

// setUnexported sets a field of the struct *ptr that its package does not export.
func setUnexported(ptr any, field string, value any) {
	f := reflect.ValueOf(ptr).Elem().FieldByName(field)
	reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Set(reflect.ValueOf(value))
}

// getUnexported reads a field of the struct *ptr that its package does not export.
func getUnexported[T any](ptr any, field string) T {
	f := reflect.ValueOf(ptr).Elem().FieldByName(field)
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Interface().(T)
}
