#!/usr/bin/env bash
# `npm run bench [-- --quick] [-- --json]`: the proxy's latency, throughput and memory, then the dashboard's
# queries on a generated log of 1,000,000 requests (100,000 with --quick).
set -euo pipefail
cd "$(dirname "$0")/../.."
npx tsx test/bench/proxy-bench.ts "$@"
dashboard_args=()
rows=1000000
for arg in "$@"; do
  case "$arg" in
    --quick) rows=100000 ;;
    --json) dashboard_args+=(--json) ;;
  esac
done
FAREBOX_BENCH_ROWS="${FAREBOX_BENCH_ROWS:-$rows}" bash test/bench/dashboard-at-scale.sh "${dashboard_args[@]}"
