#!/usr/bin/env bash
# Memory: the API process without ML (RSS after the read mix) and the worker's peak RSS during an
# analysis of 10,000 and 100,000 proposals (TF-IDF backend; ML models load only in the worker).
# Figures are printed by load_scale.py ("API process RSS", "worker peak RSS").
set -euo pipefail
cd "$(dirname "$0")"
PY=../.venv/bin/python
$PY load_scale.py --proposals 10000 --votes 100000 --residents 2000 --analysis
if [ "${1:-}" != "--quick" ]; then
  $PY load_scale.py --proposals 100000 --votes 1000000 --analysis
fi
