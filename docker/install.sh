#!/usr/bin/env bash
# Installs what running the notebooks needs: Jupyter (Debian packages), GoNB built from source,
# goimports (+ gopls), and the "gonb" Jupyter kernel. The one install script for README, CI and
# the Dockerfiles. Idempotent: does only what is missing, and prints nothing when all is there.
#
# Environment:
#   INSTALL_GOPLS=0|1  gopls only serves autocompletion in interactive notebooks and takes minutes
#                      to build; default 1, or 0 when CI=true.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

# Versions: GoNB from go.mod, so the kernel matches the gonbui package the notebooks link;
# x/tools pinned because the module proxy here refuses some version lists (no @latest).
GONB_VERSION="${GONB_VERSION:-$(awk '$1 == "github.com/janpfeifer/gonb" {print $2}' "$DARTS_ROOT/go.mod")}"
[ -n "$GONB_VERSION" ] || { echo "install.sh: github.com/janpfeifer/gonb not found in go.mod" >&2; exit 1; }
GOIMPORTS_VERSION=v0.52.0   # golang.org/x/tools
GOPLS_VERSION=v0.23.0       # v0.24.0 needs Go 1.27
if [ "${CI:-}" = true ]; then INSTALL_GOPLS="${INSTALL_GOPLS:-0}"; else INSTALL_GOPLS="${INSTALL_GOPLS:-1}"; fi

log() { echo "install.sh: $*"; }

# --- Jupyter from Debian (nbconvert runs the notebooks headless; classic notebook for interactive use).
# dataset-fashion-mnist: Fashion-MNIST for quick runs and the data tests (files in /usr/share/datasets).
apt_packages=(jupyter-client jupyter-nbconvert jupyter-notebook python3-nbformat dataset-fashion-mnist)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- GoNB. `go install github.com/janpfeifer/gonb@VERSION` fails here (the proxy refuses gonb's
# version list), so download the exact module and build it from its own directory.
if [ "$(gonb -V 2>/dev/null || true)" != "$GONB_VERSION" ]; then
  log "building gonb $GONB_VERSION"
  gonb_dir="$(go mod download -json "github.com/janpfeifer/gonb@$GONB_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  [ -d "$gonb_dir" ] || { echo "install.sh: go mod download gave no directory for gonb" >&2; exit 1; }
  # The module cache is read-only but `go install` writes only to GOBIN and the build cache;
  # GOWORK=off and empty GOFLAGS keep a caller's workspace or -mod flags out of this build.
  (cd "$gonb_dir" && GOWORK=off GOFLAGS='' go install .)
fi

# --- goimports (GoNB runs it on every cell) and optionally gopls.
if ! command -v goimports >/dev/null; then
  log "installing goimports (golang.org/x/tools $GOIMPORTS_VERSION)"
  go install "golang.org/x/tools/cmd/goimports@$GOIMPORTS_VERSION"
fi
if [ "$INSTALL_GOPLS" = 1 ] && ! command -v gopls >/dev/null; then
  log "installing gopls $GOPLS_VERSION (a few minutes; INSTALL_GOPLS=0 skips it)"
  go install "golang.org/x/tools/gopls@$GOPLS_VERSION"
fi

# --- Register the kernel, unless a kernel.json already points at this gonb binary.
kernel_json="${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}/kernels/gonb/kernel.json"
gonb_bin="$(command -v gonb)"
if ! grep -qF "\"$gonb_bin\"" "$kernel_json" 2>/dev/null; then
  log "registering the gonb Jupyter kernel"
  # --force_deps: gopls is optional for us. GoNB logs to stderr even on success: show it only on failure.
  if ! out="$(gonb --install --force_deps 2>&1)"; then
    echo "$out" >&2
    exit 1
  fi
fi
