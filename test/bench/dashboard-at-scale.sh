#!/usr/bin/env bash
# The dashboard on a log of 1,000,000 requests (issue 5's scale target): generates the log in a temporary data
# directory, times the queries, then the dashboard itself in headless Chromium under `farebox serve` (overview
# time to interactive, request log frame times; needs `npm run build`), removes it. FAREBOX_BENCH_ROWS changes
# the size.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
npx tsx test/bench/generate-requests.ts --data-dir "$dir" --count "${FAREBOX_BENCH_ROWS:-1000000}" >&2
npx tsx test/bench/dashboard-bench.ts --data-dir "$dir" "$@"
ui_args=()
for arg in "$@"; do
  if [ "$arg" = --json ]; then ui_args+=(--json); fi
done
npx tsx test/bench/dashboard-ui-bench.ts --data-dir "$dir" "${ui_args[@]}"
