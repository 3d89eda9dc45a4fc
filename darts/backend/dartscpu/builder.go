package dartscpu

import (
	"fmt"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// emitFn replays one recorded op on a pure-Go builder, given that builder's ops for its inputs.
type emitFn func(sb backends.Builder, in []backends.Op) ([]backends.Op, error)

// kernelFn runs a native op: it reads the inputs' flat data and fills the output's.
type kernelFn func(in []any, out any) error

// node is one recorded op. Exactly one of emit, kernel, a parameter index or a constant says how
// it is computed.
type node struct {
	id       int
	name     string // the op's name, for errors and profiles
	inputs   []*value
	outputs  []*value
	emit     emitFn
	kernel   kernelFn
	param    int             // input index for parameters, else -1
	constant backends.Buffer // materialised constant, else nil
	attrs    any             // op attributes the fusion pass needs (e.g. broadcast axes)
	flops    float64         // useful floating-point operations of one run (native convolutions and products; the profile's rates)
}

// value is one output of a node; it is the backends.Op that GoMLX sees.
type value struct {
	node   *node
	index  int
	shape  shapes.Shape
	shadow backends.Op // the same value in the shadow builder, used for shape inference
}

// graphBuilder records a computation. Each op is also built on a "shadow" pure-Go builder that serves
// only for shape inference and validation; native ops the pure-Go backend lacks get a shadow
// Parameter of the right shape instead.
type graphBuilder struct {
	backend  *cpuBackend
	name     string
	shadow   backends.Builder
	nodes    []*node
	params   []*node
	compiled bool
}

var _ backends.Builder = (*graphBuilder)(nil)

// Name implements backends.Builder.
func (b *graphBuilder) Name() string { return b.name }

// OpShape implements backends.Builder.
func (b *graphBuilder) OpShape(op backends.Op) (shapes.Shape, error) {
	v, err := b.value("OpShape", op)
	if err != nil {
		return shapes.Invalid(), err
	}
	return v.shape, nil
}

func (b *graphBuilder) value(opName string, op backends.Op) (*value, error) {
	v, ok := op.(*value)
	if !ok || v == nil {
		return nil, fmt.Errorf("%s: %s: op %T is not from the %s backend", b.name, opName, op, Name)
	}
	return v, nil
}

func (b *graphBuilder) values(opName string, ops []backends.Op) ([]*value, error) {
	if b.compiled {
		return nil, fmt.Errorf("%s: cannot add %s: builder already compiled", b.name, opName)
	}
	vs := make([]*value, len(ops))
	for i, op := range ops {
		v, err := b.value(opName, op)
		if err != nil {
			return nil, fmt.Errorf("%w (input #%d)", err, i)
		}
		vs[i] = v
	}
	return vs, nil
}

func shadowsOf(vs []*value) []backends.Op {
	ops := make([]backends.Op, len(vs))
	for i, v := range vs {
		ops[i] = v.shadow
	}
	return ops
}

func (b *graphBuilder) addNode(n *node) {
	n.id = len(b.nodes)
	b.nodes = append(b.nodes, n)
}

// record adds an op executed by the pure-Go backend; its output shapes come from the shadow builder.
func (b *graphBuilder) record(opName string, inputs []backends.Op, emit emitFn) ([]backends.Op, error) {
	in, err := b.values(opName, inputs)
	if err != nil {
		return nil, err
	}
	shadowOuts, err := emit(b.shadow, shadowsOf(in))
	if err != nil {
		return nil, err
	}
	n := &node{name: opName, inputs: in, emit: emit, param: -1}
	ops := make([]backends.Op, len(shadowOuts))
	for i, so := range shadowOuts {
		shape, err := b.shadow.OpShape(so)
		if err != nil {
			return nil, fmt.Errorf("%s: shape of output #%d: %w", opName, i, err)
		}
		v := &value{node: n, index: i, shape: shape, shadow: so}
		n.outputs = append(n.outputs, v)
		ops[i] = v
	}
	b.addNode(n)
	return ops, nil
}

// recordNative adds an op run by one of our kernels, with a known output shape.
func (b *graphBuilder) recordNative(opName string, in []*value, shape shapes.Shape, kernel kernelFn) (backends.Op, error) {
	n := &node{name: opName, inputs: in, kernel: kernel, param: -1}
	b.addNode(n)
	so, err := b.shadow.Parameter(fmt.Sprintf("#%s%d", opName, n.id), shape, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opName, err)
	}
	v := &value{node: n, shape: shape, shadow: so}
	n.outputs = []*value{v}
	return v, nil
}

// Parameter implements backends.Builder.
func (b *graphBuilder) Parameter(name string, shape shapes.Shape, sharding *backends.ShardingSpec) (backends.Op, error) {
	if _, err := b.values("Parameter", nil); err != nil {
		return nil, err
	}
	so, err := b.shadow.Parameter(name, shape, sharding)
	if err != nil {
		return nil, err
	}
	n := &node{name: "Parameter " + name, param: len(b.params)}
	v := &value{node: n, shape: shape, shadow: so}
	n.outputs = []*value{v}
	b.addNode(n)
	b.params = append(b.params, n)
	return v, nil
}

// Constant implements backends.Builder: the value is materialised once, at build time.
func (b *graphBuilder) Constant(flat any, dims ...int) (backends.Op, error) {
	if _, err := b.values("Constant", nil); err != nil {
		return nil, err
	}
	so, err := b.shadow.Constant(flat, dims...)
	if err != nil {
		return nil, err
	}
	shape, err := b.shadow.OpShape(so)
	if err != nil {
		return nil, err
	}
	buf, err := b.backend.inner.BufferFromFlatData(0, flat, shape)
	if err != nil {
		return nil, fmt.Errorf("Constant %s: %w", shape, err)
	}
	n := &node{name: "Constant", param: -1, constant: buf}
	v := &value{node: n, shape: shape, shadow: so}
	n.outputs = []*value{v}
	b.addNode(n)
	return v, nil
}

// DistributedSPMD implements backends.Builder: the CPU backend has a single device.
func (b *graphBuilder) DistributedSPMD(numDevices int) error {
	if numDevices == 1 {
		return nil
	}
	return fmt.Errorf("%s: distributed execution over %d devices is not supported", Name, numDevices)
}

// DistributedAutoSharding implements backends.Builder.
func (b *graphBuilder) DistributedAutoSharding(meshes ...backends.Mesh) error {
	return fmt.Errorf("%s: auto-sharding is not supported", Name)
}

// DeviceAssignment implements backends.Builder.
func (b *graphBuilder) DeviceAssignment(devices ...backends.DeviceNum) error {
	for _, d := range devices {
		if d != 0 {
			return fmt.Errorf("%s: only device 0 exists, got %d", Name, d)
		}
	}
	return nil
}

// Compile implements backends.Builder.
func (b *graphBuilder) Compile(outputs []backends.Op, shardings []*backends.ShardingSpec) (backends.Executable, error) {
	if len(shardings) != 0 {
		return nil, fmt.Errorf("%s: sharding is not supported", Name)
	}
	outs, err := b.values("Compile", outputs)
	if err != nil {
		return nil, err
	}
	b.compiled = true
	return newExecutable(b, outs)
}
