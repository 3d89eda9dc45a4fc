#!/usr/bin/env bash
# Executes notebooks headless with the GoNB kernel and checks every cell's outputs.
#
# Usage: bash docker/run-notebooks.sh [NOTEBOOK.ipynb...]    (default: notebooks/*.ipynb)
# Environment:
#   DARTS_MODE        passed to the notebooks; default quick
#   NOTEBOOK_OUT_DIR  where the executed .ipynb, .html and kernel log go; default build/notebooks
#   NOTEBOOK_TIMEOUT  seconds per notebook; default 1800
# Needs docker/install.sh to have run. Exits 1 if any notebook failed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/env.sh"

export DARTS_MODE="${DARTS_MODE:-quick}"
timeout_s="${NOTEBOOK_TIMEOUT:-1800}"
out="${NOTEBOOK_OUT_DIR:-$DARTS_ROOT/build/notebooks}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# Absolute paths, taken before anything changes directory.
notebooks=()
if [ $# -gt 0 ]; then
  for nb in "$@"; do notebooks+=("$(cd "$(dirname "$nb")" && pwd)/$(basename "$nb")"); done
else
  for nb in "$DARTS_ROOT"/notebooks/*.ipynb; do
    case "$nb" in *.nbconvert.ipynb) continue ;; esac # outputs of a manual nbconvert run
    [ -e "$nb" ] && notebooks+=("$nb")
  done
fi
[ ${#notebooks[@]} -gt 0 ] || { echo "run-notebooks.sh: no notebooks found" >&2; exit 1; }

# A private copy of the gonb kernel spec with --raw_error: errors come back as plain text in the
# notebook (readable in the HTML copy and by the checker) instead of GoNB's hover-HTML.
kernels="$(mktemp -d)"
trap 'rm -rf "$kernels"' EXIT
if ! msg="$(JUPYTER_DATA_DIR="$kernels" gonb --install --raw_error --force_deps 2>&1)"; then
  echo "$msg" >&2
  echo "run-notebooks.sh: gonb kernel missing? run docker/install.sh first" >&2
  exit 1
fi
export JUPYTER_PATH="$kernels${JUPYTER_PATH:+:$JUPYTER_PATH}"

passed=0
failed=0
for nb in "${notebooks[@]}"; do
  name="$(basename "$nb" .ipynb)"
  log="$out/$name.log"
  rm -f "$out/$name.ipynb" "$out/$name.html" # never report a previous run's results
  start=$SECONDS
  # --allow-errors: run all cells and save the notebook even when one fails; the checker then
  # reports every failing cell. The kernel runs in the notebook's directory. The budget is per
  # notebook, so no per-cell limit (-1); timeout sends SIGINT so that nbconvert shuts its kernel
  # down cleanly, -k is the backstop.
  rc=0
  timeout -s INT -k 60 "$timeout_s" "$JUPYTER" nbconvert --to notebook --execute --allow-errors \
    --ExecutePreprocessor.kernel_name=gonb --ExecutePreprocessor.timeout=-1 \
    --output-dir "$out" --output "$name" "$nb" >"$log" 2>&1 || rc=$?
  if [ $rc -eq 0 ]; then
    "$JUPYTER" nbconvert --to html --output-dir "$out" "$out/$name.ipynb" >>"$log" 2>&1 || rc=$?
    /usr/bin/python3 "$here/check-notebook.py" "$out/$name.ipynb" || rc=$?
  elif [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
    echo "$name: timed out after ${timeout_s}s (NOTEBOOK_TIMEOUT); kernel log: $log" >&2
  else
    echo "$name: nbconvert failed (exit $rc); last lines of $log:" >&2
    grep -v '^[IW][0-9]\{4\} ' "$log" | tail -n 15 | sed 's/^/    /' >&2 # skip GoNB's info logging
  fi
  if [ $rc -eq 0 ]; then
    passed=$((passed + 1)); status=ok
  else
    failed=$((failed + 1)); status=FAIL
  fi
  printf '%-4s %-40s %5ds\n' "$status" "$name" $((SECONDS - start))
done
echo "notebooks: $passed passed, $failed failed (outputs in $out)"
[ $failed -eq 0 ]
