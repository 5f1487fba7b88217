#!/usr/bin/env bash
# Fault: PostgreSQL restarted in the middle of a vote surge. Expect 503 problem+json (or dropped
# connections) only during the outage, recovery without restarting the API, and every
# acknowledged vote stored (load_votes.py exits non-zero otherwise).
# Restarts the local cluster (pg_ctlcluster 15 main) — never run this beside other tests.
set -euo pipefail
cd "$(dirname "$0")"
../.venv/bin/python load_votes.py --residents "${RESIDENTS:-200}" --votes "${VOTES:-20000}" \
  --restart-postgres-at "${RESTART_AT:-4}"
