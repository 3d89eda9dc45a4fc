#!/usr/bin/env bash
# CPU benchmark of every DARTS stage, ours (the darts-cpu backend) against the paper's reference
# code (quark0/darts, kept outside the repository) on Debian's PyTorch, one after the other in one
# run so that both see the same machine and load. Prints one table: time and peak memory per step
# and their ratios (ours / reference).
#
#   DARTS_REF=/path/to/darts bash docker/cpu-bench.sh          # the folder holding cnn/ and rnn/
#
# Stages (STAGES, default all, in this order):
#   search1, search2  CNN search step, first / second order    `darts bench`       peer_search_step.py
#   rnn1, rnn2        RNN search step, first / second order    `darts bench-rnn`   peer_rnn_step.py
#   cifar             CIFAR-10 evaluation training step        `darts bench-train` peer_train_step.py
#   ptb               PTB evaluation training step             `darts bench-train -net rnn`
#                                                              docker/peer_rnn_train_step.py
#   pcdarts           PC-DARTS search step (K=4, edge          `darts bench -partial-channels 4 -edge-norm`
#                     normalisation, first order)              docker/peer_pcdarts_step.py
#                     needs PCDARTS_REF (yuhuixu1993/PC-DARTS, kept outside the repository); in the
#                     default stages only where it is set. Its memory against plain DARTS's: run
#                     STAGES="search1 pcdarts" (PC-DARTS's batch is 4x DARTS's, as the papers').
# Sizes (defaults: moderate, minutes in all on 2 cores; SIZES=paper sets the paper's, which take
# tens of minutes and ~10-20 GB per stage):
#   LAYERS CHANNELS BATCH                          CNN search (paper 8, 16, 64)
#   RNN_HIDDEN RNN_BATCH RNN_BPTT VOCAB            RNN search (paper 300, 256, 35, 10000)
#   TRAIN_LAYERS TRAIN_CHANNELS TRAIN_BATCH        CIFAR-10 training (paper 20, 36, 96; auxiliary 0.4 and drop path 0.2 always)
#   PTB_HIDDEN PTB_BATCH PTB_BPTT                  PTB training (paper 850, 64, 35; vocabulary VOCAB)
#   PC_BATCH                                       PC-DARTS search (paper 256; default 4 x BATCH; LAYERS, CHANNELS as the CNN search)
#   STEPS (timed, median reported), WARMUP (untimed, after the first), THREADS (default nproc: PyTorch's
#   and OpenBLAS's threads, and our GOMAXPROCS unless that is set). THREADS=1 is the comparison to
#   trust on a shared machine: one thread per side gave steps within 2 % of each other at load 3-5,
#   where two threads gave the reference 6-81 s for the same step (README, "Why the reference's
#   recurrent steps were 10x slower here").
# PROFILE=1 adds -profile to our runs and prints, after the table, each stage's largest kinds of
# step (PROFILE_ROWS lines) with their GFLOP/s and GB/s against the peak measured in that run.
# REF_BLAS: a folder holding an optimised libblas.so.3 for the reference's PyTorch (put first on
# its LD_LIBRARY_PATH): OpenBLAS's OpenMP build, /usr/lib/x86_64-linux-gnu/openblas-openmp, or
# the same folder of `apt-get download libopenblas0-openmp && dpkg -x libopenblas0-openmp_*.deb DIR`
# without installing it. Its threads are PyTorch's OpenMP threads; the pthread build
# (libopenblas0-pthread) adds THREADS threads of its own that spin beside them: the batch-64 RNN
# search step took 6.4 s with it against 2.85 s with the OpenMP build on 2 threads. Debian's python3-torch does all float32 matrix products through whatever
# libblas.so.3 is installed (BLAS_INFO=generic); installed with --no-install-recommends that is
# libblas3, the single-threaded reference BLAS (netlib), about 6 GFLOP/s on these cores against
# 110-200 with OpenBLAS on 2 threads. Convolutions go through oneDNN, so only the stages made of
# matrix products (rnn1, rnn2, ptb) slow down: the paper-size RNN search step took 214-224 s with
# netlib, 32 s with OpenBLAS on one thread (README, "Why the reference's recurrent steps..."). The
# header says which libblas.so.3 the reference loads and the sgemm rate it gets, and warns on netlib.
# Reference runs get OPENBLAS_NUM_THREADS=THREADS (PyTorch's set_num_threads does not reach a
# generic BLAS). On a loaded machine PyTorch's OpenMP threads spin waiting for a descheduled
# partner (measured: 3-5x the CPU time per step at load 8-11 on 2 cores): time on a quiet
# machine, or with THREADS=1.
# Logs go to build/cpu-bench/. The reference timers for the search steps and the CIFAR-10
# training step are ../shared/tools/peer_*_step.py (PEER_TOOLS overrides the folder); the PTB one
# is docker/peer_rnn_train_step.py.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
: "${DARTS_REF:?set DARTS_REF to the reference implementation (the folder with cnn/ and rnn/)}"
[ -f "$DARTS_REF/model_search.py" ] && [ -d "$DARTS_REF/../rnn" ] && DARTS_REF="$DARTS_REF/.." # given cnn/ itself
ref=$(cd "$DARTS_REF" && pwd) tools=${PEER_TOOLS:-../shared/tools}
if [ "${SIZES:-}" = paper ]; then
  : "${LAYERS:=8}" "${CHANNELS:=16}" "${BATCH:=64}" "${RNN_HIDDEN:=300}" "${RNN_BATCH:=256}"
  : "${TRAIN_LAYERS:=20}" "${TRAIN_CHANNELS:=36}" "${TRAIN_BATCH:=96}" "${PTB_HIDDEN:=850}" "${PTB_BATCH:=64}"
  : "${PC_BATCH:=256}"
fi
layers=${LAYERS:-5} channels=${CHANNELS:-8} batch=${BATCH:-16}
rnn_hidden=${RNN_HIDDEN:-64} rnn_batch=${RNN_BATCH:-32} rnn_bptt=${RNN_BPTT:-35} vocab=${VOCAB:-10000}
train_layers=${TRAIN_LAYERS:-8} train_channels=${TRAIN_CHANNELS:-16} train_batch=${TRAIN_BATCH:-32}
ptb_hidden=${PTB_HIDDEN:-200} ptb_batch=${PTB_BATCH:-16} ptb_bptt=${PTB_BPTT:-35}
pc_batch=${PC_BATCH:-$((4 * batch))}
stages=${STAGES:-search1 search2 rnn1 rnn2 cifar ptb${PCDARTS_REF:+ pcdarts}}
case " $stages " in *" pcdarts "*) : "${PCDARTS_REF:?the pcdarts stage needs PCDARTS_REF, the reference PC-DARTS folder (model_search.py)}" ;; esac
steps=${STEPS:-3} warmup=${WARMUP:-1} threads=${THREADS:-$(nproc)}
profile=(); [ "${PROFILE:-}" = 1 ] && profile=(-profile)
out=build/cpu-bench
mkdir -p "$out"
go build -o "$out/darts" ./darts/cmd/darts
export GOMAXPROCS=${GOMAXPROCS:-$threads}
pypath=${PYTHONPATH:-}
if ! /usr/bin/python3 -c 'import torchvision' 2>/dev/null; then
  # The CNN reference imports torchvision without using it here: an empty stub stands in.
  mkdir -p "$out/stub/torchvision"
  touch "$out/stub/torchvision/"{__init__,transforms,datasets}.py
  pypath="$PWD/$out/stub${pypath:+:$pypath}"
fi
refenv=(env PYTHONPATH="$pypath" OPENBLAS_NUM_THREADS="$threads")
if [ -n "${REF_BLAS:-}" ]; then
  [ -e "$REF_BLAS/libblas.so.3" ] || { echo "cpu-bench: REF_BLAS=$REF_BLAS has no libblas.so.3" >&2; exit 2; }
  refenv+=(LD_LIBRARY_PATH="$(cd "$REF_BLAS" && pwd)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
fi
py() { "${refenv[@]}" /usr/bin/python3 "$@" --steps "$steps" --warmup "$warmup" --threads "$threads"; }
value() { grep -o "^$1=[0-9.]*" "$2" | tail -n 1 | cut -d= -f2 || true; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{if (a == "" || b == "" || b == 0) print "—"; else printf "%.2f", a/b}'; }

stage() { # name description; then ours and the reference as two commands separated by --
  local name=$1 desc=$2; shift 2
  local ours=() theirs=()
  while [ "$1" != -- ]; do ours+=("$1"); shift; done
  shift; theirs=("$@")
  "${ours[@]}" >"$out/ours-$name.log" 2>&1 || echo "# $name: ours failed, see $out/ours-$name.log"
  "${theirs[@]}" >"$out/ref-$name.log" 2>&1 || echo "# $name: the reference failed, see $out/ref-$name.log"
  local om rm orss rrss
  om=$(value median_ms_per_step "$out/ours-$name.log") rm=$(value median_ms_per_step "$out/ref-$name.log")
  orss=$(value peak_rss_mb "$out/ours-$name.log") rrss=$(value peak_rss_mb "$out/ref-$name.log")
  echo "| $desc | $om | $rm | $(ratio "$om" "$rm") | $orss | $rrss | $(ratio "$orss" "$rrss") |"
}

echo "# $(date -u +%FT%TZ) $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(awk '/MemTotal/{printf "%.0f GB", $2/1048576}' /proc/meminfo); load $(cut -d' ' -f1-3 /proc/loadavg); median of $steps steps after $warmup warm-up; PyTorch threads $threads, ours GOMAXPROCS=$GOMAXPROCS"
# Which BLAS the reference's PyTorch loads (the library behind libblas.so.3 in its memory map) and
# the float32 GEMM rate it gets from it on THREADS threads.
"${refenv[@]}" /usr/bin/python3 -c "
import time, torch
torch.set_num_threads($threads); a = torch.randn(1024, 1024); b = torch.randn(1024, 1024); a @ b
t = min((lambda s: (a @ b, time.perf_counter() - s)[1])(time.perf_counter()) for _ in range(3))
lib = sorted({l.split()[-1] for l in open('/proc/self/maps') if 'blas' in l.split()[-1].rsplit('/', 1)[-1]})
print('# reference BLAS: %s; PyTorch sgemm 1024^3 on $threads threads: %.1f GFLOP/s' % (', '.join(lib) or 'none found', 2 * 1024**3 / t / 1e9))
if $threads > 1 and any('openblas-pthread' in l for l in lib):
    print('# warning: OpenBLAS pthread build: its threads and PyTorch OpenMP threads oversubscribe the cores; prefer the openmp build (see the header of docker/cpu-bench.sh)')
if any('/blas/libblas.so' in l for l in lib):
    print('# warning: that is the reference BLAS (netlib, Debian libblas3): the reference\'s matrix products, most of rnn1, rnn2 and ptb, run ~20x slower than with OpenBLAS; set REF_BLAS (see the header of docker/cpu-bench.sh)')
" 2>&1 || echo "# reference BLAS: PyTorch failed to start"
echo "| stage | ours ms/step | reference ms/step | time ratio | ours peak RSS MB | reference peak RSS MB | memory ratio |"
echo "|---|---|---|---|---|---|---|"
for s in $stages; do
  case $s in
  search1 | search2)
    o=${s#search} unrolled=(); [ "$o" = 2 ] && unrolled=(--unrolled)
    stage "$s" "CNN search step, order $o ($layers cells, C=$channels, batch $batch)" \
      "$out/darts" bench -layers "$layers" -channels "$channels" -batch "$batch" -order "$o" -steps "$steps" -warmup "$warmup" "${profile[@]}" -- \
      py "$tools/peer_search_step.py" --ref "$ref/cnn" --layers "$layers" --init_channels "$channels" --batch_size "$batch" "${unrolled[@]}" ;;
  rnn1 | rnn2)
    o=${s#rnn} unrolled=(); [ "$o" = 2 ] && unrolled=(--unrolled)
    stage "$s" "RNN search step, order $o ($rnn_hidden units, batch $rnn_batch, BPTT $rnn_bptt, vocabulary $vocab)" \
      "$out/darts" bench-rnn -hidden "$rnn_hidden" -batch "$rnn_batch" -bptt "$rnn_bptt" -vocab "$vocab" -order "$o" -steps "$steps" -warmup "$warmup" "${profile[@]}" -- \
      py "$tools/peer_rnn_step.py" --ref "$ref/rnn" --hidden "$rnn_hidden" --batch "$rnn_batch" --bptt "$rnn_bptt" --vocab "$vocab" "${unrolled[@]}" ;;
  cifar)
    stage cifar "CIFAR-10 training step ($train_layers cells, C=$train_channels, batch $train_batch, auxiliary, drop path 0.2)" \
      "$out/darts" bench-train -net cifar -layers "$train_layers" -channels "$train_channels" -batch "$train_batch" -drop-path 0.2 -steps "$steps" -warmup "$warmup" "${profile[@]}" -- \
      py "$tools/peer_train_step.py" --ref "$ref/cnn" --layers "$train_layers" --init_channels "$train_channels" --batch_size "$train_batch" --drop_path_prob 0.2 ;;
  ptb)
    stage ptb "PTB training step ($ptb_hidden units, batch $ptb_batch, BPTT $ptb_bptt, vocabulary $vocab)" \
      "$out/darts" bench-train -net rnn -hidden "$ptb_hidden" -batch "$ptb_batch" -bptt "$ptb_bptt" -vocab "$vocab" -steps "$steps" -warmup "$warmup" "${profile[@]}" -- \
      py docker/peer_rnn_train_step.py --ref "$ref/rnn" --hidden "$ptb_hidden" --batch "$ptb_batch" --bptt "$ptb_bptt" --vocab "$vocab" ;;
  pcdarts)
    stage pcdarts "PC-DARTS search step, K=4, edge normalisation, order 1 ($layers cells, C=$channels, batch $pc_batch)" \
      "$out/darts" bench -layers "$layers" -channels "$channels" -batch "$pc_batch" -order 1 -partial-channels 4 -edge-norm -steps "$steps" -warmup "$warmup" "${profile[@]}" -- \
      py docker/peer_pcdarts_step.py --ref "$PCDARTS_REF" --layers "$layers" --init_channels "$channels" --batch_size "$pc_batch" ;;
  *) echo "cpu-bench: unknown stage $s (want search1 search2 rnn1 rnn2 cifar ptb pcdarts)" >&2; exit 2 ;;
  esac
done
echo "# load at end $(cut -d' ' -f1-3 /proc/loadavg); logs in $out/"
if [ "${PROFILE:-}" = 1 ]; then
  # Where our steps spend their time: the largest kinds of step per stage, with their rates
  # against the peak each run measured (the reference's sgemm on the same cores for comparison).
  "${refenv[@]}" /usr/bin/python3 -c "
import time, torch
torch.set_num_threads($threads); a = torch.randn(1024, 1024); b = torch.randn(1024, 1024); a @ b
t = min((lambda s: (a @ b, time.perf_counter() - s)[1])(time.perf_counter()) for _ in range(5))
print('# PyTorch sgemm 1024^3 on $threads threads: %.1f GFLOP/s' % (2 * 1024**3 / t / 1e9))"
  for s in $stages; do
    echo "## $s: $(grep -m1 '^# machine peak' "$out/ours-$s.log" | cut -c3-)"
    sed -n '/^step kind/,/^# convolutions/p' "$out/ours-$s.log" | head -n "${PROFILE_ROWS:-10}"
    grep -m1 '^# convolutions' "$out/ours-$s.log" | cut -d';' -f1
  done
fi
