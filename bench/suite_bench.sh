#!/usr/bin/env bash
# Wall time of the whole client suite against the reference server, with --jobs 1 and the
# default, and the harness's share of the CPU. The server runs as its own process here
# (`mxconform serve`) so that its CPU and the harness's can be told apart.
# Usage: bench/suite_bench.sh [BUILD_DIR] [REPEATS]
set -euo pipefail
build=${1:-build}
repeats=${2:-3}
bin="$build/mxconform"
[ -x "$bin" ] || { echo "suite_bench: $bin not built (cmake --build $build --target mxconform)" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

port=$(( 20000 + RANDOM % 20000 ))
secret=bench-secret
"$bin" serve --listen "127.0.0.1:$port" --registration-shared-secret "$secret" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/_matrix/client/versions" >/dev/null 2>&1 && break
  [ -d "/proc/$server" ] || { echo "suite_bench: server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
  sleep 0.05   # between readiness probes; bounded by the loop (a benchmark script, not a test)
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

printf '%-8s %-6s %10s %12s %12s %10s\n' jobs run wall_s harness_cpu_s server_cpu_s cases
for jobs in 1 4; do
  for i in $(seq 1 "$repeats"); do
    s0=$(cpu_ticks "$server")
    start=$(date +%s.%N)
    /usr/bin/time -f '%U %S' -o "$work/time" "$bin" run --target "http://127.0.0.1:$port" \
      --register "shared-secret:$secret" --jobs "$jobs" --no-color --report-dir "$work/r$jobs$i" > "$work/out" 2>&1 || true
    end=$(date +%s.%N)
    s1=$(cpu_ticks "$server")
    read -r u s < "$work/time"
    cases=$(grep -oE '^[0-9]+ cases' "$work/out" | awk '{print $1}')
    printf '%-8s %-6s %10.2f %12.2f %12.2f %10s\n' "$jobs" "$i" "$(echo "$end - $start" | bc)" \
      "$(echo "$u + $s" | bc)" "$(echo "($s1 - $s0) / $hz" | bc -l)" "$cases"
  done
done
