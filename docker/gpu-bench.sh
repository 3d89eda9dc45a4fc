#!/usr/bin/env bash
# GPU benchmark of the DARTS search step: ours (XLA/PJRT CUDA) against the paper's reference code
# (PyTorch, CUDA) on the same GPU, in one run. The GPU machine has no Go and no network, so:
#
#   here (CPU):      DARTS_REF=/path/to/quark0-darts/cnn bash docker/gpu-bench.sh prepare
#                    builds build/gpu/darts (linux/amd64) and copies the reference cnn/ folder and
#                    peer_search_step.py into build/gpu/ (ignored by git; never committed);
#   on the GPU box:  bash docker/gpu-bench.sh run      (carry build/gpu with the working tree)
#                    checks JAX's PJRT CUDA plugin, then runs the ladder (default: 2 cells, C=4,
#                    batch 8, first order; the paper's 8 cells, C=16, batch 64, first then second
#                    order), ours then the reference at each size, and writes everything to $OUT
#                    (or build/gpu/results) and stdout.
#
# Sized for 8 minutes of device time including the machine's start (about 2-3 minutes): the runs
# share a budget of BUDGET_S seconds (default 300); each has its own timeout (CONFIGS, TREF), cut
# to what is left of the budget, and a run that no longer fits is skipped and says so. Ours prints
# init_ms, compile_ms (the step graph alone), first_step_ms and median_ms_per_step apart; every
# run prints its peak GPU memory.
#
# XLA's autotuning results go to build/gpu/xla-cache (--xla_gpu_per_fusion_autotune_cache_dir),
# kept on a warm machine, and are copied to $OUT/xla-cache: put that folder back at
# build/gpu/xla-cache and carry build/gpu, and the next machine skips the autotuning.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
gpu=build/gpu
steps=${STEPS:-5} warmup=${WARMUP:-1} budget=${BUDGET_S:-300}

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
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  echo "peak_gpu_mb_smi=$(sort -n "$samples" | tail -n 1 | awk -v b="$base" '{print $1-b}')"
  echo "exit_status=$rc"
  rm -f "$samples"
}

# fit SECONDS_WANTED: prints the timeout a run may have (its own, cut to the budget left), or
# nothing when less than 20 s are left.
fit() {
  local left=$((budget - (SECONDS - t0)))
  ((left >= 20)) && echo $((left < $1 ? left : $1))
}

run() {
  out=${OUT:-$gpu/results}
  mkdir -p "$out"
  exec > >(tee -a "$out/log.txt") 2>&1
  t0=$SECONDS
  date -u
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
  plugin_dir=$(python3 -c 'import jax_plugins.xla_cuda13, os; print(os.path.dirname(jax_plugins.xla_cuda13.__file__))')
  plugin="$plugin_dir/xla_cuda_plugin.so"
  [ -f "$plugin" ] || { echo "gpu-bench: no PJRT CUDA plugin at $plugin" >&2; exit 1; }
  echo "plugin: $plugin"
  python3 -c 'import jax, jaxlib; print("jax", jax.__version__, "jaxlib", jaxlib.__version__)' || true
  find -L "$plugin_dir/../../nvidia" /usr/local/cuda -name 'libdevice*.bc' 2>/dev/null | head -n 1 || true
  command -v ptxas || true
  export DARTS_PJRT_PLUGIN="$plugin" DARTS_GPU_PREALLOCATE=false
  mkdir -p "$gpu/xla-cache"
  export XLA_FLAGS="${XLA_FLAGS:-} --xla_gpu_per_fusion_autotune_cache_dir=$PWD/$gpu/xla-cache"
  echo "autotune cache: $gpu/xla-cache ($(find "$gpu/xla-cache" -type f | wc -l) files carried in)"
  # CONFIGS: runs as layers:channels:batch:order:timeout_s[:dtype]; ours then the reference for each.
  # A run past its timeout gets SIGQUIT, so Go prints where every goroutine was (in a compile, say).
  local cfg l c b o t d tl
  for cfg in ${CONFIGS:-2:4:8:1:60 8:16:64:1:90 8:16:64:2:120}; do
    IFS=: read -r l c b o t d <<<"$cfg"
    d=${d:-float32}
    echo "== ours, L$l C$c B$b, order $o, $d"
    if tl=$(fit "$t"); then
      echo "timeout_s=$tl"
      gpu_peak_mb timeout -s QUIT "$tl" "$gpu/darts" bench -layers "$l" -channels "$c" -batch "$b" -order "$o" \
        -dtype "$d" -steps "$steps" -warmup "$warmup"
    else
      echo "skipped: $((budget - (SECONDS - t0))) s of the budget left"
    fi
    # The reference has no mixed precision: its float32 run (the same config) is the comparison.
    [ -n "${NOREF:-}" ] || [ "$d" != float32 ] && continue
    local unrolled=""
    [ "$o" = 2 ] && unrolled=--unrolled
    echo "== reference (PyTorch), L$l C$c B$b, order $o"
    if tl=$(fit "${TREF:-45}"); then
      echo "timeout_s=$tl"
      gpu_peak_mb timeout "$tl" python3 "$gpu/peer_search_step.py" --ref "$gpu/ref" --cuda --layers "$l" \
        --init_channels "$c" --batch_size "$b" --steps "$steps" --warmup "$warmup" $unrolled
    else
      echo "skipped: $((budget - (SECONDS - t0))) s of the budget left"
    fi
  done
  # RNN_ORDERS: recurrent search steps at the paper's size (300 units, batch 256, BPTT 35), ours only.
  for o in ${RNN_ORDERS:-}; do
    echo "== ours, recurrent search, order $o"
    if tl=$(fit "${TRNN:-300}"); then
      gpu_peak_mb timeout -s QUIT "$tl" "$gpu/darts" bench-rnn -order "$o" -steps "$steps"
    else
      echo "skipped"
    fi
  done
  cp -r "$gpu/xla-cache" "$out/" 2>/dev/null || true
  echo "== summary ($((SECONDS - t0)) s of the ${budget} s budget used)"
  awk '/^== /{run=$0} /^(median_ms_per_step|compile_ms|init_ms|first_step_ms|peak_gpu_mb|peak_gpu_mb_smi|exit_status|timeout_s)=|^skipped/{print run " :: " $0}' "$out/log.txt"
}

case "${1:-}" in
  prepare) prepare ;;
  run) run ;;
  *) echo "usage: $0 prepare|run" >&2; exit 2 ;;
esac
