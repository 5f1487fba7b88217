# Sourced by scripts/run-demo and scripts/test: find Python 3.11 and make .venv with the app.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

find_python() {
  for candidate in python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  echo "Kyoso needs Python 3.11 (python3.11 on PATH)." >&2
  return 1
}

ensure_venv() {  # $1: extras to install, e.g. "" or "[dev]"
  if [ ! -x .venv/bin/python ]; then
    "$(find_python)" -m venv .venv
  fi
  .venv/bin/python -m pip install --quiet --upgrade pip
  # The CPU build of torch first, so that sentence-transformers does not pull a CUDA build.
  .venv/bin/python -m pip install --quiet "torch==2.13.0"
  # requirements.lock: the versions the tests were run with (pip constraints)
  .venv/bin/python -m pip install --quiet -c requirements.lock -e ".$1"
}

build_frontend() {
  if [ -f frontend/package.json ]; then
    (cd frontend && npm ci --no-audit --no-fund && npm run build)
  fi
}
