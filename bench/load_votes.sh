#!/usr/bin/env bash
# Vote surge: 200 concurrent residents, 50,000 votes, on PostgreSQL (see load_votes.py), run
# RUNS times (default 3, the first also against the bare PUT): on a shared 2-core machine one
# run varies by about ±10 %, so the median is the figure.
set -euo pipefail
cd "$(dirname "$0")"
rates=()
for run in $(seq 1 "${RUNS:-3}"); do
  bare=$([ "$run" = 1 ] && echo --bare || true)
  output=$(../.venv/bin/python load_votes.py --residents 200 --votes 50000 \
    --workers "${WORKERS:-2}" $bare)
  echo "$output"
  echo "$output" | grep -q "RESULT          every acknowledged" || { echo "run $run failed"; exit 1; }
  rates+=("$(echo "$output" | awk '/throughput/ {print $2}')")
done
median=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "runs: ${rates[*]} votes/s; median ${median} votes/s"
