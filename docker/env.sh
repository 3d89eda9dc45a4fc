# shellcheck shell=bash
# Sourced by the docker/*.sh scripts: one place for the environment they share.

# Repository root (this file lives in docker/).
DARTS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DARTS_ROOT

# Go from the official tarball may not be on PATH yet in a fresh shell or a Docker RUN.
if ! command -v go >/dev/null && [ -x /usr/local/go/bin/go ]; then
  export PATH="/usr/local/go/bin:$PATH"
fi
command -v go >/dev/null || { echo "docker/env.sh: Go is not installed (need go on PATH)" >&2; exit 1; }

# `go install` puts gonb, goimports and gopls here; the kernel finds goimports and gopls via PATH.
GOBIN_DIR="$(go env GOBIN)"
[ -n "$GOBIN_DIR" ] || GOBIN_DIR="$(go env GOPATH)/bin"
export PATH="$GOBIN_DIR:$PATH"

# Debian's Python 3.11 prints a debugger warning on every jupyter start; it is noise here.
export PYDEVD_DISABLE_FILE_VALIDATION=1

# Always Debian's Jupyter: a pyenv/venv python3 first on PATH does not have these packages.
# shellcheck disable=SC2034 # used by the scripts that source this file
JUPYTER=/usr/bin/jupyter
