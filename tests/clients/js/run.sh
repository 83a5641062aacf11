#!/usr/bin/env bash
# Starts `mxconform serve` on a free loopback port and runs to_device.mjs (matrix-js-sdk) against
# it. Usage: run.sh MXCONFORM [DEADLINE_MS]. Exit 0 on success, 1 on failure, 77 (ctest's skip)
# when node or node_modules (`npm ci` here) is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mxconform=${1:?usage: run.sh MXCONFORM [DEADLINE_MS]}
deadline_ms=${2:-30000}
if ! command -v node >/dev/null; then echo "skipped: node is not installed"; exit 77; fi
if [ ! -d "$here/node_modules/matrix-js-sdk" ]; then
  echo "skipped: no $here/node_modules (run npm ci there, or .ci/js-client)"; exit 77
fi
work=$(mktemp -d)
serve_pid=""
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
mkfifo "$work/err"
"$mxconform" serve --listen 127.0.0.1:0 --db "$work/db.sqlite" >"$work/serve.log" 2>"$work/err" &
serve_pid=$!
# serve names its address on stderr once it listens (10 s bound); the rest of stderr is kept.
exec 3<"$work/err"
line=""
read -r -t 10 -u 3 line || true
cat <&3 >"$work/serve.err" &
url=$(sed -n 's/^mxconform serve: listening on \([^ ]*\) .*/\1/p' <<<"$line")
if [ -z "$url" ]; then
  echo "failed: mxconform serve did not start: ${line:-no address on stderr within 10 s}"; exit 1
fi
status=0
timeout $(( deadline_ms / 1000 + 10 )) node "$here/to_device.mjs" "$url" "$deadline_ms" || status=$?
if [ "$status" -ne 0 ]; then
  echo "the server's log (last 20 lines):"; tail -n 20 "$work/serve.log"
fi
exit "$status"
