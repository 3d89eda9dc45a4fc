#!/usr/bin/env bash
# Source hygiene, part of the test command: fails when gofmt, `go mod tidy` or `go generate`
# (against the committed darts/backend/dartscpu/gen_ops.go) would change anything, naming what.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/env.sh"
cd "$DARTS_ROOT"
rc=0

unformatted="$(gofmt -l $(git ls-files --cached --others --exclude-standard '*.go' 2>/dev/null || find . -name '*.go' -not -path './build/*'))"
if [ -n "$unformatted" ]; then
  echo "gofmt would change these files (run gofmt -w on them):"; echo "$unformatted"; rc=1
fi

if ! tidy_diff="$(go mod tidy -diff 2>&1)"; then
  echo "go mod tidy would change go.mod/go.sum (run go mod tidy):"; echo "$tidy_diff"; rc=1
fi

# go generate rewrites gen_ops.go in place; compare it with the committed file.
generated=darts/backend/dartscpu/gen_ops.go
before="$(mktemp)"; cp "$generated" "$before"
go generate ./darts/backend/dartscpu/
if ! cmp -s "$before" "$generated"; then
  echo "go generate ./darts/backend/dartscpu/ changes $generated (commit the regenerated file):"
  diff "$before" "$generated" | head -n 40 || true
  rc=1
fi
rm -f "$before"

[ $rc -eq 0 ] && echo "source: gofmt, go mod tidy and go generate leave the tree unchanged"
exit $rc
