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
  CGO_ENABLED=1 GOOS=linux GOARCH=amd64 go build -o "$gpu/darts" ./darts/cmd/darts
  rm -rf "$gpu/ref" && cp -r "$DARTS_REF" "$gpu/ref"
  cp "${PEER_SCRIPT:-../shared/tools/peer_search_step.py}" "$gpu/peer_search_step.py"
  du -sh "$gpu"
}

run() {
  out=${OUT:-$gpu/results}
  mkdir -p "$out"
  plugin_dir=$(python3 -c 'import jax_plugins.xla_cuda13, os; print(os.path.dirname(jax_plugins.xla_cuda13.__file__))')
  plugin="$plugin_dir/xla_cuda_plugin.so"
  [ -f "$plugin" ] || { echo "gpu-bench: no PJRT CUDA plugin at $plugin" >&2; exit 1; }
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee "$out/gpu.txt"
  for order in 1 2; do
    echo "== ours, order $order"
    GOMLX_BACKEND="xla:$plugin" "$gpu/darts" bench -layers "$layers" -channels "$channels" -batch "$batch" \
      -order "$order" -steps "$steps" -warmup "$warmup" 2>&1 | tee "$out/ours_order$order.txt" || true
    echo "== reference (PyTorch), order $order"
    unrolled=""
    [ "$order" = 2 ] && unrolled="--unrolled"
    python3 "$gpu/peer_search_step.py" --ref "$gpu/ref" --cuda --layers "$layers" --init_channels "$channels" \
      --batch_size "$batch" --steps "$steps" --warmup "$warmup" $unrolled 2>&1 | tee "$out/ref_order$order.txt" || true
  done
  for order in 1 2; do
    ours=$(sed -n 's/^median_ms_per_step=//p' "$out/ours_order$order.txt" | tail -n 1)
    ref=$(sed -n 's/^median_ms_per_step=//p' "$out/ref_order$order.txt" | tail -n 1)
    echo "order $order: ours ${ours:-?} ms/step, reference ${ref:-?} ms/step" | tee -a "$out/summary.txt"
  done
}

case "${1:-}" in
  prepare) prepare ;;
  run) run ;;
  *) echo "usage: $0 prepare|run" >&2; exit 2 ;;
esac
