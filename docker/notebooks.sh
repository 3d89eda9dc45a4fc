#!/usr/bin/env bash
# Set up and run the notebooks headless: docker/install.sh, then docker/run-notebooks.sh with the
# same arguments and environment (DARTS_MODE, NOTEBOOK_OUT_DIR, NOTEBOOK_TIMEOUT).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/install.sh"
exec bash "$here/run-notebooks.sh" "$@"
