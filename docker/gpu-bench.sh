#!/usr/bin/env bash
# GPU benchmark of the DARTS search step: ours (XLA/PJRT CUDA) against the paper's reference code
# (PyTorch, CUDA) on the same GPU, in one run. The GPU machine has no Go and no network, so:
#
#   here (CPU):      DARTS_REF=/path/to/quark0-darts/cnn bash docker/gpu-bench.sh prepare
#                    builds build/gpu/darts (linux/amd64) and copies the reference cnn/ folder and
#                    peer_search_step.py into build/gpu/ (ignored by git; never committed);
#   on the GPU box:  bash docker/gpu-bench.sh run      (carry build/gpu with the working tree)
#                    finds JAX's PJRT CUDA plugin, runs `darts bench` first and second order at the
#                    paper's search config (8 cells, C=16, batch 64), then the reference with
#                    --cuda, and writes everything to $OUT (or build/gpu/results) and stdout.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
gpu=build/gpu
layers=${LAYERS:-8} channels=${CHANNELS:-16} batch=${BATCH:-64} steps=${STEPS:-10} warmup=${WARMUP:-2}

prepare() {
  : "${DARTS_REF:?set DARTS_REF to the cnn/ folder of the reference implementation (kept outside the repo)}"
  mkdir -p "$gpu"
  CGO_ENABLED=1 GOOS=linux GOARCH=amd64 go build -ldflags="-s -w" -o "$gpu/darts" ./darts/cmd/darts
  rm -rf "$gpu/ref" && cp -r "$DARTS_REF" "$gpu/ref"
  cp "${PEER_SCRIPT:-../shared/tools/peer_search_step.py}" "$gpu/peer_search_step.py"
  du -sh "$gpu"
}

# gpu_peak_mb CMD...: runs CMD while sampling the GPU's used memory every 200 ms; prints
# peak_gpu_mb_smi=<peak minus the memory in use before it started> after CMD's output. This is the
# whole process's footprint (CUDA context and allocator pools included), the same for ours and the
# reference; the reference also prints PyTorch's own peak_gpu_mb (allocated tensors only).
gpu_peak_mb() {
  local base samples=/tmp/gpu-mem.$$ rc=0
  base=$(nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits | head -n 1)
  nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 200 >"$samples" 2>/dev/null &
  local sampler=$!
  "$@" || rc=$?
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  echo "peak_gpu_mb_smi=$(sort -n "$samples" | tail -n 1 | awk -v b="$base" '{print $1-b}')"
  echo "exit_status=$rc"
  rm -f "$samples"
}

run() {
  out=${OUT:-$gpu/results}
  mkdir -p "$out"
  exec > >(tee -a "$out/log.txt") 2>&1
  date -u
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
  plugin_dir=$(python3 -c 'import jax_plugins.xla_cuda13, os; print(os.path.dirname(jax_plugins.xla_cuda13.__file__))')
  plugin="$plugin_dir/xla_cuda_plugin.so"
  [ -f "$plugin" ] || { echo "gpu-bench: no PJRT CUDA plugin at $plugin" >&2; exit 1; }
  echo "plugin: $plugin"
  python3 -c 'import jax, jaxlib; print("jax", jax.__version__, "jaxlib", jaxlib.__version__)' || true
  ls "$plugin_dir/../../nvidia" 2>/dev/null | tr '\n' ' '; echo
  find -L "$plugin_dir/../../nvidia" /usr/local/cuda -name 'libdevice*.bc' 2>/dev/null | head -n 3
  command -v ptxas || true
  export DARTS_PJRT_PLUGIN="$plugin" DARTS_GPU_PREALLOCATE=false
  # CONFIGS: runs as layers:channels:batch:order:timeout_s[:dtype]; ours then the reference for each.
  # A run past its timeout gets SIGQUIT, so Go prints where every goroutine was (in a compile, say).
  local cfg l c b o t d
  for cfg in ${CONFIGS:-$layers:$channels:$batch:1:200 $layers:$channels:$batch:2:300}; do
    IFS=: read -r l c b o t d <<<"$cfg"
    d=${d:-float32}
    echo "== ours, L$l C$c B$b, order $o, $d"
    gpu_peak_mb timeout -s QUIT "$t" "$gpu/darts" bench -layers "$l" -channels "$c" -batch "$b" -order "$o" \
      -dtype "$d" -steps "$steps" -warmup "$warmup"
    # The reference has no mixed precision: its float32 run (the same config) is the comparison.
    [ -n "${NOREF:-}" ] || [ "$d" != float32 ] && continue
    local unrolled=""
    [ "$o" = 2 ] && unrolled=--unrolled
    echo "== reference (PyTorch), L$l C$c B$b, order $o"
    gpu_peak_mb timeout "${TREF:-90}" python3 "$gpu/peer_search_step.py" --ref "$gpu/ref" --cuda --layers "$l" \
      --init_channels "$c" --batch_size "$b" --steps "$steps" --warmup "$warmup" $unrolled
  done
  # RNN_ORDERS: recurrent search steps at the paper's size (300 units, batch 256, BPTT 35), ours only.
  for o in ${RNN_ORDERS:-}; do
    echo "== ours, recurrent search, order $o"
    gpu_peak_mb timeout -s QUIT "${TRNN:-300}" "$gpu/darts" bench-rnn -order "$o" -steps "$steps"
  done
  echo "== summary"
  awk '/^== /{run=$0} /^(median_ms_per_step|compile_ms|init_ms|peak_gpu_mb|peak_gpu_mb_smi|exit_status)=/{print run " :: " $0}' "$out/log.txt"
}

case "${1:-}" in
  prepare) prepare ;;
  run) run ;;
  *) echo "usage: $0 prepare|run" >&2; exit 2 ;;
esac
