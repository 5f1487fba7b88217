#!/usr/bin/env bash
# Vote surge: 200 concurrent residents, 50,000 votes, on PostgreSQL (see load_votes.py).
set -euo pipefail
cd "$(dirname "$0")"
../.venv/bin/python load_votes.py --residents 200 --votes 50000 --workers "${WORKERS:-2}" --bare
