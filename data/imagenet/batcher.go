package imagenet

import (
	"fmt"
	"iter"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dartsml/godarts/data/dataset"
)

// Config describes how a Batcher walks a Folder.
type Config struct {
	// BatchSize is the number of images per batch.
	BatchSize int
	// Seed fixes the per-epoch shuffles and every image's random transformation.
	Seed uint64
	// Shuffle visits the images in a fresh random order every epoch; false keeps file order.
	Shuffle bool
	// Transform turns files into inputs: TrainTransform(224) or EvalTransform(224, 256).
	Transform Transform
	// Workers is the number of decoding goroutines; 0 means GOMAXPROCS. It changes only the
	// speed, never the batches.
	Workers int
	// SkipBad replaces a file that cannot be decoded by the next decodable one of the epoch's
	// order, and lists it in Skipped; by default such a file makes Next fail with an error
	// naming it.
	SkipBad bool
	// KeepPartial also yields the last, smaller batch of an epoch (to evaluate every image).
	// It is off by default because each new batch shape costs GoMLX another compilation.
	KeepPartial bool
}

// Skip is a file left out under Config.SkipBad.
type Skip struct {
	Path string
	Err  error
}

// Batcher streams batches from a Folder, decoding each batch with a pool of goroutines while the
// previous one is in use. It is not safe for concurrent use.
//
// Every image's random transformation is drawn from a generator keyed by (Seed, epoch, position
// in the epoch), never from a shared sequential one, so the batches are bit for bit the same
// whatever the number of workers and the order in which they finish.
type Batcher struct {
	f       *Folder
	cfg     Config
	renders []*render // one per worker; only one batch is ever being decoded at a time

	epoch, pos int
	perm       []int // visiting order of epoch permEpoch; never written once drawn
	permEpoch  int

	pending *job // the batch being decoded ahead, or nil
	spare   *job // buffers of a consumed batch, reused for the next one

	mu  sync.Mutex
	bad map[int]error // files that failed to decode (SkipBad), by index
}

// NewBatcher checks cfg against f and returns a Batcher at the start of epoch 0.
func NewBatcher(f *Folder, cfg Config) (*Batcher, error) {
	if cfg.BatchSize <= 0 || cfg.BatchSize > f.Len() {
		return nil, fmt.Errorf("imagenet: %s: batch size %d, want 1 to the %d images", f.Root, cfg.BatchSize, f.Len())
	}
	t, err := cfg.Transform.withDefaults()
	if err != nil {
		return nil, err
	}
	cfg.Transform = t
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	b := &Batcher{f: f, cfg: cfg, permEpoch: -1, bad: map[int]error{}}
	for range min(cfg.Workers, cfg.BatchSize) {
		b.renders = append(b.renders, newRender(&b.cfg.Transform))
	}
	return b, nil
}

// Folder returns the folder the Batcher reads.
func (b *Batcher) Folder() *Folder { return b.f }

// Epoch is the number of the epoch the next batch comes from.
func (b *Batcher) Epoch() int { return b.epoch }

// BatchesPerEpoch is how many batches Next yields before reporting the end of an epoch.
func (b *Batcher) BatchesPerEpoch() int {
	n := b.f.Len() / b.cfg.BatchSize
	if b.cfg.KeepPartial && b.f.Len()%b.cfg.BatchSize != 0 {
		n++
	}
	return n
}

// NewBatch allocates a Batch big enough for this Batcher.
func (b *Batcher) NewBatch() *dataset.Batch {
	n, s := b.cfg.BatchSize, b.imageSize()
	return &dataset.Batch{Images: make([]float32, n*s), Labels: make([]int32, n), Index: make([]int, n)}
}

func (b *Batcher) imageSize() int { return b.cfg.Transform.Size * b.cfg.Transform.Size * 3 }

// Skipped lists the files replaced under SkipBad so far, sorted by path.
func (b *Batcher) Skipped() []Skip {
	b.mu.Lock()
	defer b.mu.Unlock()
	var s []Skip
	for i, err := range b.bad {
		s = append(s, Skip{Path: b.f.Files[i], Err: err})
	}
	slices.SortFunc(s, func(a, b Skip) int { return strings.Compare(a.Path, b.Path) })
	return s
}

// Next fills dst with the next batch of the current epoch and returns true. At the end of the
// epoch it returns false, leaves dst alone and moves to the start of the next epoch, so
//
//	for ok, err := b.Next(batch); ok; ok, err = b.Next(batch) { … }
//
// runs one epoch (or see All). dst.Index[k] is the index in Folder.Files of row k. An error
// (a file that cannot be decoded) leaves the Batcher where it was.
func (b *Batcher) Next(dst *dataset.Batch) (bool, error) {
	size := b.sizeAt(b.pos)
	if size == 0 {
		b.epoch++
		b.pos = 0
		return false, nil
	}
	j := b.take(b.epoch, b.pos)
	<-j.done
	if j.err != nil {
		b.spare = j
		return false, j.err
	}
	// Decode the following batch while the caller trains on this one.
	nextEpoch, nextPos := b.epoch, b.pos+size
	if b.sizeAt(nextPos) == 0 {
		nextEpoch, nextPos = nextEpoch+1, 0
	}
	b.pending = b.start(nextEpoch, nextPos)

	s := b.imageSize()
	dst.Images = grow(dst.Images, size*s)
	dst.Labels = grow(dst.Labels, size)
	dst.Index = grow(dst.Index, size)
	copy(dst.Images, j.images[:size*s])
	copy(dst.Labels, j.labels)
	copy(dst.Index, j.index)
	dst.Size, dst.Height, dst.Width, dst.Channels = size, b.cfg.Transform.Size, b.cfg.Transform.Size, 3
	dst.Epoch, dst.Step = b.epoch, b.pos/b.cfg.BatchSize
	b.spare = j
	b.pos += size
	return true, nil
}

// All ranges over the rest of the current epoch, reusing one Batch; keep nothing from it past
// the loop body. An error ends the range after yielding it with a nil batch.
func (b *Batcher) All() iter.Seq2[*dataset.Batch, error] {
	return func(yield func(*dataset.Batch, error) bool) {
		dst := b.NewBatch()
		for {
			ok, err := b.Next(dst)
			if err != nil {
				yield(nil, err)
				return
			}
			if !ok || !yield(dst, nil) {
				return
			}
		}
	}
}

// sizeAt is the size of the batch starting at image pos of an epoch, 0 when there is none.
func (b *Batcher) sizeAt(pos int) int {
	left := b.f.Len() - pos
	if left >= b.cfg.BatchSize {
		return b.cfg.BatchSize
	}
	if b.cfg.KeepPartial && left > 0 {
		return left
	}
	return 0
}

// job is one batch being decoded; done closes when its fields are final.
type job struct {
	epoch, pos int
	images     []float32
	labels     []int32
	index      []int
	err        error
	done       chan struct{}
}

// take returns the job for the batch at (epoch, pos): the prefetched one if it is that batch,
// otherwise a new one (after the stale prefetch has finished with its buffers).
func (b *Batcher) take(epoch, pos int) *job {
	j := b.pending
	b.pending = nil
	if j != nil && j.epoch == epoch && j.pos == pos {
		return j
	}
	b.drop(j)
	return b.start(epoch, pos)
}

// drop waits for j (which may be nil) to finish and keeps its buffers for reuse.
func (b *Batcher) drop(j *job) {
	if j != nil {
		<-j.done
		b.spare = j
	}
}

// start begins decoding the batch at (epoch, pos) in the background.
func (b *Batcher) start(epoch, pos int) *job {
	j := b.spare
	b.spare = nil
	if j == nil {
		j = &job{}
	}
	size := b.sizeAt(pos)
	j.epoch, j.pos, j.err, j.done = epoch, pos, nil, make(chan struct{})
	j.images = grow(j.images, b.cfg.BatchSize*b.imageSize())
	j.labels = grow(j.labels, size)
	j.index = grow(j.index, size)
	perm := b.order(epoch)
	go b.decode(j, perm)
	return j
}

// decode fills j using all workers; each takes the next slot from a shared counter and writes
// only its own slot, so the result does not depend on scheduling. The first error by slot
// wins, for the same reason.
func (b *Batcher) decode(j *job, perm []int) {
	defer close(j.done)
	size, s := len(j.labels), b.imageSize()
	errs := make([]error, size)
	var next atomic.Int64
	var wg sync.WaitGroup
	for _, rd := range b.renders[:min(len(b.renders), size)] {
		wg.Go(func() {
			for {
				k := int(next.Add(1) - 1)
				if k >= size {
					return
				}
				errs[k] = b.load(rd, j, perm, k, j.images[k*s:(k+1)*s])
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			j.err = err
			return
		}
	}
}

// load decodes slot k of j. Under SkipBad a file that fails is replaced by the next one of the
// epoch's order that decodes; the random draws stay those of the slot.
func (b *Batcher) load(rd *render, j *job, perm []int, k int, out []float32) error {
	slot := j.pos + k
	n := len(perm)
	for try := range n {
		i := perm[(slot+try)%n]
		if b.cfg.SkipBad && b.isBad(i) {
			continue
		}
		err := b.transform(rd, i, j.epoch, slot, out)
		if err == nil {
			j.labels[k], j.index[k] = b.f.Labels[i], i
			return nil
		}
		err = fmt.Errorf("imagenet: %s: %w", b.f.Files[i], err)
		if !b.cfg.SkipBad {
			return err
		}
		b.markBad(i, err)
	}
	return fmt.Errorf("imagenet: %s: none of the %d images could be decoded", b.f.Root, n)
}

// transform decodes file i and writes it, transformed with the draws of (epoch, slot), to out.
func (b *Batcher) transform(rd *render, i, epoch, slot int, out []float32) error {
	img, err := decodeFile(b.f.Files[i])
	if err != nil {
		return err
	}
	r := keyedRNG(b.cfg.Seed, imageStream, epoch, slot)
	size := img.Bounds().Size()
	rd.apply(img, b.cfg.Transform.plan(&r, size.X, size.Y), out)
	return nil
}

func (b *Batcher) isBad(i int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	_, bad := b.bad[i]
	return bad
}

func (b *Batcher) markBad(i int, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.bad[i] = err
}

// order returns the visiting order of epoch, drawn from (Seed, epoch) alone so that restoring a
// State needs no saved permutation. A new epoch gets a new slice: a prefetching job may still
// be reading the previous one.
func (b *Batcher) order(epoch int) []int {
	if b.permEpoch == epoch {
		return b.perm
	}
	perm := make([]int, b.f.Len())
	if b.cfg.Shuffle {
		r := keyedRNG(b.cfg.Seed, permStream, epoch, 0)
		r.Perm(perm)
	} else {
		for i := range perm {
			perm[i] = i
		}
	}
	b.perm, b.permEpoch = perm, epoch
	return perm
}

// Streams of randomness, so the shuffles and the image draws never share a generator.
const (
	permStream  = 0x7065726d // "perm"
	imageStream = 0x696d6167 // "imag"
)

// keyedRNG returns a generator for (seed, stream, epoch, i), chaining SplitMix64 steps so that
// nearby keys give unrelated streams.
func keyedRNG(seed, stream uint64, epoch, i int) dataset.RNG {
	r := dataset.NewRNG(seed)
	r = dataset.NewRNG(r.Uint64() ^ stream)
	r = dataset.NewRNG(r.Uint64() + uint64(epoch))
	return dataset.NewRNG(r.Uint64() + uint64(i))
}
