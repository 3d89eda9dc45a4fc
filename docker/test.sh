#!/usr/bin/env bash
# The project's test command (README, .ci/run): install the notebook tooling, then go vet,
# go test and the notebooks. Runs every step even after a failure, so that one CI log shows all
# problems; exits 1 if any failed. Ends with "N passed, N failed" over test packages + notebooks.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/env.sh"
cd "$DARTS_ROOT"

logs="$DARTS_ROOT/build/test"
mkdir -p "$logs"
failed_steps=()

echo "== docker/install.sh"
bash docker/install.sh # nothing below works without it: stop here if it fails

echo "== docker/check-source.sh (gofmt, go mod tidy, go generate)"
bash docker/check-source.sh || failed_steps+=("source hygiene")

echo "== go vet ./..."
go vet ./... || failed_steps+=("go vet")

echo "== go test ./..."
# -timeout: training-loop tests are slow on small CPUs; the default 10m is not enough.
test_rc=0
go test -timeout 30m ./... 2>&1 | tee "$logs/go-test.log" || test_rc=$?
pkg_ok="$(grep -c '^ok ' "$logs/go-test.log" || true)"
pkg_fail="$(grep -c '^FAIL[[:space:]]' "$logs/go-test.log" || true)" # "FAIL\tpkg ..." lines, not "--- FAIL"
if [ $test_rc -ne 0 ]; then
  failed_steps+=("go test")
  # A failure that names no package (e.g. go.mod broken) still counts once.
  [ "$pkg_fail" -gt 0 ] || pkg_fail=1
fi
echo "go test: $pkg_ok packages passed, $pkg_fail failed"

echo "== docker/run-notebooks.sh"
nb_rc=0
bash docker/run-notebooks.sh 2>&1 | tee "$logs/notebooks.log" || nb_rc=$?
summary="$(grep '^notebooks: ' "$logs/notebooks.log" | tail -n 1 || true)"
nb_ok="$(sed -n 's/^notebooks: \([0-9]*\) passed.*/\1/p' <<<"$summary")"
nb_fail="$(sed -n 's/^notebooks: [0-9]* passed, \([0-9]*\) failed.*/\1/p' <<<"$summary")"
if [ $nb_rc -ne 0 ]; then
  failed_steps+=("notebooks")
  [ "${nb_fail:-0}" -gt 0 ] || nb_fail=1 # e.g. no notebooks found, kernel missing
fi

echo
[ ${#failed_steps[@]} -eq 0 ] || echo "FAILED: ${failed_steps[*]} (logs in $logs)"
echo "$((pkg_ok + ${nb_ok:-0})) passed, $((pkg_fail + ${nb_fail:-0})) failed"
[ ${#failed_steps[@]} -eq 0 ]
