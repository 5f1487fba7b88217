#!/usr/bin/env bash
# Fault: one API worker (of two) killed with SIGKILL in the middle of a vote surge. Expect only
# the killed worker's open requests dropped, the other worker serving on, granian starting a
# new worker, and every acknowledged vote stored (load_votes.py exits non-zero otherwise).
set -euo pipefail
cd "$(dirname "$0")"
../.venv/bin/python load_votes.py --residents "${RESIDENTS:-100}" --votes "${VOTES:-20000}" \
  --proposals "${PROPOSALS:-200}" --kill-worker-at "${KILL_AT:-1}"
