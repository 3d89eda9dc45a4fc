#!/usr/bin/env bash
# CPU benchmark of the DARTS search step: ours (`darts bench`, darts-cpu backend) against the
# paper's reference code (quark0/darts cnn/, kept outside the repository) on Debian's PyTorch, one
# after the other in one run, so that both see the same machine and load. Prints a table.
#
#   DARTS_REF=/path/to/darts/cnn bash docker/cpu-bench.sh
#
# LAYERS, CHANNELS, BATCH, STEPS, WARMUP and ORDERS ("1 2") pick the runs; logs go to
# build/cpu-bench/. The reference needs torchvision only for imports it does not use here: when
# it is missing, an empty stub package is put on its PYTHONPATH.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
: "${DARTS_REF:?set DARTS_REF to the cnn/ folder of the reference implementation}"
layers=${LAYERS:-5} channels=${CHANNELS:-8} batch=${BATCH:-16} steps=${STEPS:-4} warmup=${WARMUP:-1}
out=build/cpu-bench
mkdir -p "$out"
go build -o "$out/darts" ./darts/cmd/darts
pypath=${PYTHONPATH:-}
if ! /usr/bin/python3 -c 'import torchvision' 2>/dev/null; then
  mkdir -p "$out/stub/torchvision"
  touch "$out/stub/torchvision/"{__init__,transforms,datasets}.py
  pypath="$PWD/$out/stub${pypath:+:$pypath}"
fi
value() { grep -o "^$1=[0-9.]*" "$2" | tail -n 1 | cut -d= -f2; }
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $layers cells, C=$channels, batch $batch; median of $steps steps"
echo "| order | ours ms/step | reference ms/step | ratio | ours peak RSS MB | reference peak RSS MB | ratio |"
echo "|---|---|---|---|---|---|---|"
for order in ${ORDERS:-1 2}; do
  "$out/darts" bench -layers "$layers" -channels "$channels" -batch "$batch" -order "$order" \
    -steps "$steps" -warmup "$warmup" >"$out/ours-$order.log" 2>&1
  unrolled=""; [ "$order" = 2 ] && unrolled=--unrolled
  PYTHONPATH="$pypath" /usr/bin/python3 "${PEER_SCRIPT:-../shared/tools/peer_search_step.py}" --ref "$DARTS_REF" \
    --layers "$layers" --init_channels "$channels" --batch_size "$batch" --steps "$steps" --warmup "$warmup" \
    $unrolled >"$out/ref-$order.log" 2>&1
  om=$(value median_ms_per_step "$out/ours-$order.log") rm=$(value median_ms_per_step "$out/ref-$order.log")
  orss=$(value peak_rss_mb "$out/ours-$order.log") rrss=$(value peak_rss_mb "$out/ref-$order.log")
  echo "| $order | $om | $rm | $(awk -v a="$om" -v b="$rm" 'BEGIN{printf "%.2f", a/b}') | $orss | $rrss | $(awk -v a="$orss" -v b="$rrss" 'BEGIN{printf "%.2f", a/b}') |"
done
echo "# load at end $(cut -d' ' -f1-3 /proc/loadavg)"
