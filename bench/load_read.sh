#!/usr/bin/env bash
# Read load with wrk at 64 connections: proposal list, detail and search, anonymous and signed in,
# vs a bare Litestar endpoint (anonymous read cache off unless CACHE_SECONDS says otherwise).
# Needs the Debian package `wrk`.
set -euo pipefail
cd "$(dirname "$0")"
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)"; exit 1; }
../.venv/bin/python load_read.py --seconds "${SECONDS_EACH:-15}" --workers "${WORKERS:-2}" \
  --cache-seconds "${CACHE_SECONDS:-0}"
